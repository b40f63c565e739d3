package org.clustersim.network.model;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.network.Fabric;
import org.clustersim.network.LinkTier;
import org.clustersim.network.Route;
import org.clustersim.network.RoutingMode;

/**
 * A small hand-wired leaf/spine fabric for sim-core tests (which cannot use the topologies module): nodes of g GPUs on
 * an NVSwitch, one NIC per GPU over PCIe, {@code nodesPerLeaf} nodes per leaf, every leaf cabled to every spine by
 * {@code parallel} links. Capacities and efficiencies are H800-like by default (NVLink 200 GB/s x 0.8, NIC 50 GB/s x
 * 0.8, deepseek-v3.md A.4); switch-to-switch links run at line rate, as in the topologies module.
 */
public final class TinyFatTree implements Fabric {

    public static final double NVLINK = 200e9;
    public static final double NIC = 50e9;
    public static final double EFFICIENCY = 0.8;

    private final int nodes;
    private final int gpusPerNode;
    private final int nodesPerLeaf;
    private final int spines;
    private final int parallel;
    private final RoutingMode routing;
    private final int endpoints;
    private final int leaves;
    private final List<int[]> links = new ArrayList<>(); // {source, target, tier}
    private final int[][] leafUp;
    private final int[][] leafDown;
    private final int[][][] spineDown; // [spine][leaf] -> parallel links

    public TinyFatTree(int nodes, int gpusPerNode, int nodesPerLeaf, int spines, int parallel, RoutingMode routing) {
        this.nodes = nodes;
        this.gpusPerNode = gpusPerNode;
        this.nodesPerLeaf = nodesPerLeaf;
        this.spines = spines;
        this.parallel = parallel;
        this.routing = routing;
        this.endpoints = nodes * gpusPerNode;
        this.leaves = (nodes + nodesPerLeaf - 1) / nodesPerLeaf;
        int nvswitchBase = 2 * endpoints;
        int leafBase = nvswitchBase + nodes;
        int spineBase = leafBase + leaves;
        for (int r = 0; r < endpoints; r++) {
            cable(r, nvswitchBase + r / gpusPerNode, LinkTier.NVLINK);
        }
        for (int r = 0; r < endpoints; r++) {
            cable(r, endpoints + r, LinkTier.PCIE);
        }
        for (int r = 0; r < endpoints; r++) {
            cable(endpoints + r, leafBase + leafOf(r), LinkTier.NIC);
        }
        leafUp = new int[leaves][spines * parallel];
        leafDown = new int[leaves][spines * parallel];
        spineDown = new int[spines][leaves][parallel];
        for (int l = 0; l < leaves; l++) {
            int i = 0;
            for (int s = 0; s < spines; s++) {
                for (int j = 0; j < parallel; j++) {
                    int up = cable(leafBase + l, spineBase + s, LinkTier.LEAF_SPINE);
                    leafUp[l][i] = up;
                    leafDown[l][i] = up + 1;
                    spineDown[s][l][j] = up + 1;
                    i++;
                }
            }
        }
    }

    /** Non-blocking by default: as many uplinks per leaf as NICs below it. */
    public static TinyFatTree nonBlocking(int nodes, int gpusPerNode, int nodesPerLeaf) {
        return new TinyFatTree(nodes, gpusPerNode, nodesPerLeaf, 2, nodesPerLeaf * gpusPerNode / 2, RoutingMode.ECMP);
    }

    private int cable(int a, int b, LinkTier tier) {
        links.add(new int[] {a, b, tier.ordinal()});
        links.add(new int[] {b, a, tier.ordinal()});
        return links.size() - 2;
    }

    public int leafOf(int rank) {
        return rank / gpusPerNode / nodesPerLeaf;
    }

    /** Uplinks per leaf. */
    public int uplinksPerLeaf() {
        return spines * parallel;
    }

    @Override
    public int endpointCount() {
        return endpoints;
    }

    @Override
    public int gpusPerNode() {
        return gpusPerNode;
    }

    @Override
    public int vertexCount() {
        return 2 * endpoints + nodes + leaves + spines;
    }

    @Override
    public int endpointVertex(int rank) {
        return rank;
    }

    @Override
    public int linkCount() {
        return links.size();
    }

    @Override
    public int linkSource(int link) {
        return links.get(link)[0];
    }

    @Override
    public int linkTarget(int link) {
        return links.get(link)[1];
    }

    @Override
    public int reverseLink(int link) {
        return link ^ 1;
    }

    @Override
    public LinkTier tier(int link) {
        return LinkTier.values()[links.get(link)[2]];
    }

    @Override
    public double capacityBytesPerSecond(int link) {
        return tier(link) == LinkTier.NVLINK ? NVLINK : NIC;
    }

    @Override
    public double efficiency(int link) {
        LinkTier t = tier(link);
        return t == LinkTier.LEAF_SPINE ? 1.0 : EFFICIENCY;
    }

    @Override
    public double latencySeconds(int link) {
        return switch (tier(link)) {
            case NVLINK -> 1.665e-6;
            case PCIE -> 0;
            case NIC -> 1.4e-6;
            default -> 0.45e-6;
        };
    }

    @Override
    public RoutingMode routingMode() {
        return routing;
    }

    @Override
    public Route route(int src, int dst, long flowKey) {
        if (src == dst) {
            return Route.EMPTY;
        }
        if (src / gpusPerNode == dst / gpusPerNode) {
            return new Route(new int[][] {{2 * src}, {2 * dst + 1}});
        }
        int pcieUp = 2 * endpoints + 2 * src;
        int nicUp = 4 * endpoints + 2 * src;
        int nicDown = 4 * endpoints + 2 * dst + 1;
        int pcieDown = 2 * endpoints + 2 * dst + 1;
        int a = leafOf(src);
        int b = leafOf(dst);
        if (a == b) {
            return new Route(new int[][] {{pcieUp}, {nicUp}, {nicDown}, {pcieDown}});
        }
        if (routing == RoutingMode.ECMP) {
            return new Route(new int[][] {{pcieUp}, {nicUp}, leafUp[a], leafDown[b], {nicDown}, {pcieDown}});
        }
        long h = mix(((long) src << 32) ^ dst ^ mix(flowKey + 17));
        int spine = (int) Long.remainderUnsigned(h, spines);
        int j = (int) Long.remainderUnsigned(mix(h), parallel);
        int up = leafUp[a][spine * parallel + j];
        int down = spineDown[spine][b][(int) Long.remainderUnsigned(mix(h + 1), parallel)];
        return new Route(new int[][] {{pcieUp}, {nicUp}, {up}, {down}, {nicDown}, {pcieDown}});
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

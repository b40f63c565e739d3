package org.clustersim.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.clustersim.network.LinkTier;

/**
 * Collects the vertices and cables of one fabric while a builder wires it, then freezes them into a
 * {@link ClusterFabric}. Used by one builder, once.
 *
 * <p>The layout is fixed so that endpoint links are found by arithmetic rather than lookup tables: vertices are the E
 * GPUs (vertex = rank), then the E NICs, then the N NVSwitches, then switches in the order added. Cables are the E
 * GPU-NVSwitch cables, the E GPU-NIC cables, the E NIC-leaf cables (when the fabric has leaves), then switch-to-switch
 * cables. Cable c is links 2c (first end to second end: upwards) and 2c + 1 (downwards).
 */
final class FabricAssembler {

    final FabricParameters parameters;
    final int endpoints;
    final int gpusPerNode;
    final int nodes;

    private final IntList vertexKind;
    private final IntList vertexIndex;
    private final IntList vertexPlane;
    private final IntList vertexNameIndex;
    private final int[] kindCount = new int[VertexKind.values().length];
    private final java.util.Map<Long, Integer> kindPlaneCount = new java.util.HashMap<>();

    private final IntList linkSource;
    private final IntList linkTarget;
    private final IntList linkTier;

    private final IntList leafVertex = new IntList(64);
    private final IntList leafPod = new IntList(64);
    private final IntList spinePod = new IntList(64);
    private final List<IntList> leafUp = new ArrayList<>();
    private final List<IntList> leafDown = new ArrayList<>();
    private final List<IntList> podUp = new ArrayList<>();
    private final List<IntList> podDown = new ArrayList<>();
    private int[] leafOfRank;
    private long leafSpineCables;
    private long spineCoreCables;

    FabricAssembler(FabricParameters parameters) {
        this.parameters = parameters;
        this.endpoints = parameters.endpoints();
        this.gpusPerNode = parameters.gpusPerNode();
        this.nodes = parameters.nodes();
        int vertices = 2 * endpoints + nodes;
        vertexKind = new IntList(vertices + 64);
        vertexIndex = new IntList(vertices + 64);
        vertexPlane = new IntList(vertices + 64);
        vertexNameIndex = new IntList(vertices + 64);
        int links = 6 * endpoints + 64;
        linkSource = new IntList(links);
        linkTarget = new IntList(links);
        linkTier = new IntList(links);
        for (int r = 0; r < endpoints; r++) {
            addVertex(VertexKind.GPU, 0);
        }
        for (int r = 0; r < endpoints; r++) {
            addVertex(VertexKind.NIC, 0);
        }
        for (int n = 0; n < nodes; n++) {
            addVertex(VertexKind.NVSWITCH, 0);
        }
        for (int r = 0; r < endpoints; r++) {
            addCable(r, nvswitchVertex(r / gpusPerNode), LinkTier.NVLINK);
        }
        for (int r = 0; r < endpoints; r++) {
            addCable(r, endpoints + r, LinkTier.PCIE);
        }
    }

    int nvswitchVertex(int node) {
        return 2 * endpoints + node;
    }

    /** Adds a leaf switch; returns its leaf index (dense from 0). */
    int addLeaf(int plane, int pod) {
        int v = addVertex(VertexKind.LEAF, plane);
        leafVertex.add(v);
        leafPod.add(pod);
        leafUp.add(new IntList(8));
        leafDown.add(new IntList(8));
        ensurePod(pod);
        return leafVertex.size() - 1;
    }

    /** Adds a spine switch; returns its vertex. */
    int addSpine(int plane, int pod) {
        int v = addVertex(VertexKind.SPINE, plane);
        spinePod.add(pod);
        ensurePod(pod);
        return v;
    }

    /** Adds a core switch; returns its vertex. */
    int addCore(int plane) {
        return addVertex(VertexKind.CORE, plane);
    }

    int leafCount() {
        return leafVertex.size();
    }

    /** Cables every NIC to its leaf; must come before any switch-to-switch cable (see the class comment). */
    void attachNics(IntUnaryOperator leafOf) {
        if (linkSource.size() != 4 * endpoints) {
            throw new IllegalStateException("NICs must be attached right after the endpoint cables");
        }
        leafOfRank = new int[endpoints];
        for (int r = 0; r < endpoints; r++) {
            int leaf = leafOf.applyAsInt(r);
            leafOfRank[r] = leaf;
            addCable(endpoints + r, leafVertex.get(leaf), LinkTier.NIC);
        }
    }

    /** One leaf-to-spine cable; the spine is given by its vertex. */
    void connectLeafSpine(int leaf, int spineVertex) {
        int up = addCable(leafVertex.get(leaf), spineVertex, LinkTier.LEAF_SPINE);
        leafUp.get(leaf).add(up);
        leafDown.get(leaf).add(up + 1);
        leafSpineCables++;
    }

    /** One spine-to-core cable; the spine's pod routes through it. */
    void connectSpineCore(int spineVertex, int coreVertex) {
        int pod = spinePod.get(vertexIndex.get(spineVertex));
        int up = addCable(spineVertex, coreVertex, LinkTier.SPINE_CORE);
        podUp.get(pod).add(up);
        podDown.get(pod).add(up + 1);
        spineCoreCables++;
    }

    ClusterFabric build(String description, List<TierOversubscription> oversubscription) {
        if (leafOfRank == null && parameters.topology() != TopologyKind.SINGLE_NODE) {
            throw new IllegalStateException("NICs not attached");
        }
        BillOfMaterials bom = new BillOfMaterials(endpoints, nodes, endpoints, parameters.switchRadix(),
                kindCount[VertexKind.LEAF.ordinal()], kindCount[VertexKind.SPINE.ordinal()],
                kindCount[VertexKind.CORE.ordinal()], leafSpineCables, spineCoreCables,
                leafOfRank == null ? 0 : endpoints);
        int links = linkSource.size();
        byte[] tiers = new byte[links];
        double[] capacity = new double[links];
        double[] latency = new double[links];
        double[] capacityByTier = new double[LinkTier.values().length];
        double[] latencyByTier = new double[LinkTier.values().length];
        capacityByTier[LinkTier.NVLINK.ordinal()] = parameters.nvlinkBandwidth().bytesPerSecond();
        capacityByTier[LinkTier.PCIE.ordinal()] = parameters.nicBandwidth().bytesPerSecond();
        capacityByTier[LinkTier.NIC.ordinal()] = parameters.nicBandwidth().bytesPerSecond();
        capacityByTier[LinkTier.LEAF_SPINE.ordinal()] = parameters.nicBandwidth().bytesPerSecond();
        capacityByTier[LinkTier.SPINE_CORE.ordinal()] = parameters.nicBandwidth().bytesPerSecond();
        // Latency is split so that sums over routes match the measured end-to-end figures: GPU-NVSwitch-GPU is the
        // NVLink latency, GPU-NIC-leaf-NIC-GPU is the NIC latency (PCIe inside it), each switch-to-switch hop adds
        // the switch latency (ISCA'25 Table 5: 2.8 us same leaf, 3.7 us across a spine).
        latencyByTier[LinkTier.NVLINK.ordinal()] = parameters.nvlinkLatency().seconds() / 2;
        latencyByTier[LinkTier.PCIE.ordinal()] = 0;
        latencyByTier[LinkTier.NIC.ordinal()] = parameters.nicLatency().seconds() / 2;
        latencyByTier[LinkTier.LEAF_SPINE.ordinal()] = parameters.switchLatency().seconds();
        latencyByTier[LinkTier.SPINE_CORE.ordinal()] = parameters.switchLatency().seconds();
        for (int l = 0; l < links; l++) {
            int t = linkTier.get(l);
            tiers[l] = (byte) t;
            capacity[l] = capacityByTier[t];
            latency[l] = latencyByTier[t];
        }
        double[] efficiencyByTier = new double[LinkTier.values().length];
        efficiencyByTier[LinkTier.NVLINK.ordinal()] = parameters.nvlinkEfficiency();
        efficiencyByTier[LinkTier.PCIE.ordinal()] = parameters.nicEfficiency();
        efficiencyByTier[LinkTier.NIC.ordinal()] = parameters.nicEfficiency();
        // Assumption: the achievable-fraction loss of InfiniBand is charged at the NIC where a flow starts; links
        // between switches run at line rate.
        efficiencyByTier[LinkTier.LEAF_SPINE.ordinal()] = 1.0;
        efficiencyByTier[LinkTier.SPINE_CORE.ordinal()] = 1.0;

        byte[] kinds = new byte[vertexKind.size()];
        for (int v = 0; v < kinds.length; v++) {
            kinds[v] = (byte) vertexKind.get(v);
        }
        return new ClusterFabric(parameters, description, kinds, vertexIndex.toArray(), vertexPlane.toArray(),
                vertexNameIndex.toArray(),
                linkSource.toArray(), linkTarget.toArray(), tiers, capacity, latency, efficiencyByTier,
                leafOfRank == null ? new int[0] : leafOfRank, leafVertex.toArray(), leafPod.toArray(),
                toArrays(leafUp), toArrays(leafDown), toArrays(podUp), toArrays(podDown), bom,
                List.copyOf(oversubscription));
    }

    private static int[][] toArrays(List<IntList> lists) {
        int[][] out = new int[lists.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = lists.get(i).toArray();
        }
        return out;
    }

    private void ensurePod(int pod) {
        while (podUp.size() <= pod) {
            podUp.add(new IntList(8));
            podDown.add(new IntList(8));
        }
    }

    private int addVertex(VertexKind kind, int plane) {
        int v = vertexKind.size();
        vertexKind.add(kind.ordinal());
        vertexIndex.add(kindCount[kind.ordinal()]++);
        vertexPlane.add(plane);
        vertexNameIndex.add(kindPlaneCount.merge((long) kind.ordinal() << 32 | plane, 1, Integer::sum) - 1);
        return v;
    }

    /** Adds both directions of a cable; returns the id of the first-to-second direction (the other is id + 1). */
    private int addCable(int first, int second, LinkTier tier) {
        int id = linkSource.size();
        linkSource.add(first);
        linkTarget.add(second);
        linkTier.add(tier.ordinal());
        linkSource.add(second);
        linkTarget.add(first);
        linkTier.add(tier.ordinal());
        return id;
    }
}

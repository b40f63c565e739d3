package org.clustersim.topology;

import java.util.List;
import org.clustersim.network.Fabric;
import org.clustersim.network.LinkTier;
import org.clustersim.network.Route;
import org.clustersim.network.RoutingMode;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;

/**
 * A built fabric: primitive link tables for the network models, a read-only JGraphT graph for algorithms and drawing,
 * the bill of materials, and routes. Immutable.
 *
 * <p><b>Routes.</b> Every route is composed from link tables shared per switch: the up-links of each leaf, the
 * down-links into each leaf, and (3-level trees) the spine-to-core and core-to-spine links of each pod. Even (fluid)
 * spreading over these stages gives each link exactly the load ideal ECMP would, because every leaf reaches every
 * spine of its pod, and every spine every core of its group, over the same number of parallel links. Nothing is
 * precomputed per pair of GPUs, so building is linear in the number of links and {@link #route} allocates only its
 * few single-link stages. Two GPUs of one node talk over NVLink. Under multi-plane, traffic to a GPU on another plane
 * first crosses NVLink to the source node's GPU with the destination's local index (which sits on the destination's
 * plane), then that plane; NICs cannot spread one connection over planes (deepseek-v3.md A.4).
 */
public final class ClusterFabric implements Fabric {

    private final FabricParameters parameters;
    private final String description;
    private final int endpoints;
    private final int gpusPerNode;
    private final int planes;

    private final byte[] vertexKind;
    private final int[] vertexIndex;
    private final int[] vertexPlane;
    private final int[] vertexNameIndex;

    private final int[] linkSource;
    private final int[] linkTarget;
    private final byte[] linkTier;
    private final double[] capacity;
    private final double[] latency;
    private final double[] efficiencyByTier;

    private final int[] leafOfRank;
    private final int[] leafVertex;
    private final int[] leafPod;
    private final int[][] leafUp;
    private final int[][] leafDown;
    private final int[][] podUp;
    private final int[][] podDown;

    private final BillOfMaterials bom;
    private final List<TierOversubscription> oversubscription;
    private final Graph<Integer, Integer> graph;

    ClusterFabric(FabricParameters parameters, String description, byte[] vertexKind, int[] vertexIndex,
            int[] vertexPlane, int[] vertexNameIndex, int[] linkSource, int[] linkTarget, byte[] linkTier, double[] capacity,
            double[] latency, double[] efficiencyByTier, int[] leafOfRank, int[] leafVertex, int[] leafPod,
            int[][] leafUp, int[][] leafDown, int[][] podUp, int[][] podDown, BillOfMaterials bom,
            List<TierOversubscription> oversubscription) {
        this.parameters = parameters;
        this.description = description;
        this.endpoints = parameters.endpoints();
        this.gpusPerNode = parameters.gpusPerNode();
        this.planes = parameters.topology() == TopologyKind.MULTI_PLANE ? parameters.planes() : 1;
        this.vertexKind = vertexKind;
        this.vertexIndex = vertexIndex;
        this.vertexPlane = vertexPlane;
        this.vertexNameIndex = vertexNameIndex;
        this.linkSource = linkSource;
        this.linkTarget = linkTarget;
        this.linkTier = linkTier;
        this.capacity = capacity;
        this.latency = latency;
        this.efficiencyByTier = efficiencyByTier;
        this.leafOfRank = leafOfRank;
        this.leafVertex = leafVertex;
        this.leafPod = leafPod;
        this.leafUp = leafUp;
        this.leafDown = leafDown;
        this.podUp = podUp;
        this.podDown = podDown;
        this.bom = bom;
        this.oversubscription = oversubscription;
        this.graph = new AsUnmodifiableGraph<>(buildGraph());
    }

    private Graph<Integer, Integer> buildGraph() {
        FabricGraph g = new FabricGraph();
        // One Integer per vertex, shared by the vertex map and every edge that touches it.
        Integer[] vertices = new Integer[vertexKind.length];
        for (int v = 0; v < vertices.length; v++) {
            vertices[v] = v;
            g.addVertex(vertices[v]);
        }
        for (int l = 0; l < linkSource.length; l++) {
            g.addEdge(vertices[linkSource[l]], vertices[linkTarget[l]], l);
        }
        return g;
    }

    public FabricParameters parameters() {
        return parameters;
    }

    public TopologyKind topology() {
        return parameters.topology();
    }

    /** One line saying what was built, e.g. "multi-plane fat tree: 8 planes x (8 leaves + 4 spines) ...". */
    public String description() {
        return description;
    }

    public BillOfMaterials billOfMaterials() {
        return bom;
    }

    /** Oversubscription of each switch tier present, bottom up. */
    public List<TierOversubscription> oversubscription() {
        return oversubscription;
    }

    /** The read-only JGraphT graph: vertices are vertex ids, edges are link ids. */
    public Graph<Integer, Integer> graph() {
        return graph;
    }

    /** Planes that carry scale-out traffic (1 unless multi-plane). */
    public int planes() {
        return planes;
    }

    /** Plane of a rank's NIC: local GPU modulo planes. */
    public int planeOf(int rank) {
        return (rank % gpusPerNode) % planes;
    }

    /**
     * Bisection bandwidth in one direction: the maximum flow from the GPUs of the first half of the nodes (node-major)
     * to those of the second half; for one node, from its first half of GPUs to the second. Computed on demand by
     * max-flow (about a second for 65,536 endpoints).
     */
    public double bisectionBytesPerSecond() {
        return Bisection.compute(this);
    }

    public VertexKind vertexKind(int vertex) {
        return VertexKind.values()[vertexKind[vertex]];
    }

    /** Index of a vertex among the vertices of its kind (a rank for GPUs and NICs, a node for NVSwitches). */
    public int vertexIndex(int vertex) {
        return vertexIndex[vertex];
    }

    /** Plane of a switch (0 unless multi-plane). */
    public int vertexPlane(int vertex) {
        return vertexPlane[vertex];
    }

    /**
     * A readable, unique name: gpu12, nic12, nvs1, leaf3, spine2, core5; on a multi-plane tree switches are numbered
     * within their plane, p3-leaf2 being leaf 2 of plane 3.
     */
    public String vertexName(int vertex) {
        VertexKind kind = vertexKind(vertex);
        String base = kind.name().toLowerCase(java.util.Locale.ROOT);
        if (kind == VertexKind.NVSWITCH) {
            base = "nvs";
        }
        String name = base + vertexNameIndex[vertex];
        boolean isSwitch = kind == VertexKind.LEAF || kind == VertexKind.SPINE || kind == VertexKind.CORE;
        return isSwitch && planes > 1 ? "p" + vertexPlane[vertex] + "-" + name : name;
    }

    /** Leaf index of a rank's NIC, or -1 on a single node. */
    public int leafOf(int rank) {
        return leafOfRank.length == 0 ? -1 : leafOfRank[rank];
    }

    /** Vertex of a leaf by leaf index. */
    public int leafVertex(int leaf) {
        return leafVertex[leaf];
    }

    public int leafCount() {
        return leafVertex.length;
    }

    /** Pod of a leaf (always 0 outside 3-level trees). */
    public int podOfLeaf(int leaf) {
        return leafPod[leaf];
    }

    // ---- Fabric ----

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
        return vertexKind.length;
    }

    @Override
    public int endpointVertex(int rank) {
        checkRank(rank);
        return rank;
    }

    /** Vertex of a rank's NIC. */
    public int nicVertex(int rank) {
        checkRank(rank);
        return endpoints + rank;
    }

    @Override
    public int linkCount() {
        return linkSource.length;
    }

    @Override
    public int linkSource(int link) {
        return linkSource[link];
    }

    @Override
    public int linkTarget(int link) {
        return linkTarget[link];
    }

    @Override
    public int reverseLink(int link) {
        return link ^ 1;
    }

    @Override
    public LinkTier tier(int link) {
        return LinkTier.values()[linkTier[link]];
    }

    @Override
    public double capacityBytesPerSecond(int link) {
        return capacity[link];
    }

    @Override
    public double efficiency(int link) {
        return efficiencyByTier[linkTier[link]];
    }

    @Override
    public double latencySeconds(int link) {
        return latency[link];
    }

    @Override
    public RoutingMode routingMode() {
        return parameters.routing();
    }

    // Endpoint links by arithmetic (layout in FabricAssembler).
    int gpuToNvswitch(int rank) {
        return 2 * rank;
    }

    int nvswitchToGpu(int rank) {
        return 2 * rank + 1;
    }

    int gpuToNic(int rank) {
        return 2 * endpoints + 2 * rank;
    }

    int nicToGpu(int rank) {
        return 2 * endpoints + 2 * rank + 1;
    }

    int nicToLeaf(int rank) {
        return 4 * endpoints + 2 * rank;
    }

    int leafToNic(int rank) {
        return 4 * endpoints + 2 * rank + 1;
    }

    @Override
    public Route route(int srcRank, int dstRank, long flowKey) {
        checkRank(srcRank);
        checkRank(dstRank);
        if (srcRank == dstRank) {
            return Route.EMPTY;
        }
        int[][] stages = ecmpStages(srcRank, dstRank);
        if (parameters.routing() == RoutingMode.HASHED) {
            stages = pickOnePath(stages, srcRank, dstRank, flowKey);
        }
        return new Route(stages);
    }

    private int[][] ecmpStages(int src, int dst) {
        int srcNode = src / gpusPerNode;
        int dstNode = dst / gpusPerNode;
        if (srcNode == dstNode) {
            return new int[][] {{gpuToNvswitch(src)}, {nvswitchToGpu(dst)}};
        }
        int relay = src;
        int prefix = 0;
        if (planes > 1 && planeOf(src) != planeOf(dst)) {
            relay = srcNode * gpusPerNode + dst % gpusPerNode;
            prefix = 2;
        }
        int leafA = leafOfRank[relay];
        int leafB = leafOfRank[dst];
        int middle = leafA == leafB ? 0 : leafPod[leafA] == leafPod[leafB] ? 2 : 4;
        int[][] stages = new int[prefix + 4 + middle][];
        int s = 0;
        if (prefix > 0) {
            stages[s++] = new int[] {gpuToNvswitch(src)};
            stages[s++] = new int[] {nvswitchToGpu(relay)};
        }
        stages[s++] = new int[] {gpuToNic(relay)};
        stages[s++] = new int[] {nicToLeaf(relay)};
        if (middle == 2) {
            stages[s++] = leafUp[leafA];
            stages[s++] = leafDown[leafB];
        } else if (middle == 4) {
            stages[s++] = leafUp[leafA];
            stages[s++] = podUp[leafPod[leafA]];
            stages[s++] = podDown[leafPod[leafB]];
            stages[s++] = leafDown[leafB];
        }
        stages[s++] = new int[] {leafToNic(dst)};
        stages[s] = new int[] {nicToGpu(dst)};
        return stages;
    }

    /**
     * Hashed single-path routing: walks the ECMP stages and, at each, picks one of the links leaving the current vertex
     * by a hash of (source, destination, flow key, seed, stage). Deterministic; uniform over paths on fat trees.
     */
    private int[][] pickOnePath(int[][] stages, int src, int dst, long flowKey) {
        int[][] path = new int[stages.length][];
        int at = src;
        long base = mix64(parameters.routingSeed() ^ mix64(((long) src << 32) ^ dst) ^ mix64(flowKey + 0x9E3779B97F4A7C15L));
        for (int s = 0; s < stages.length; s++) {
            int[] stage = stages[s];
            int chosen;
            if (stage.length == 1) {
                chosen = stage[0];
            } else {
                int candidates = 0;
                for (int link : stage) {
                    if (linkSource[link] == at) {
                        candidates++;
                    }
                }
                int pick = (int) Long.remainderUnsigned(mix64(base + s), candidates);
                chosen = -1;
                for (int link : stage) {
                    if (linkSource[link] == at && pick-- == 0) {
                        chosen = link;
                        break;
                    }
                }
            }
            path[s] = new int[] {chosen};
            at = linkTarget[chosen];
        }
        return path;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private void checkRank(int rank) {
        if (rank < 0 || rank >= endpoints) {
            throw new IndexOutOfBoundsException("rank " + rank + " outside 0.." + (endpoints - 1));
        }
    }

    @Override
    public String toString() {
        return "ClusterFabric[" + description + "]";
    }
}

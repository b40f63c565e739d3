package org.clustersim.topology;

/** Entry point: builds the fabric a {@link FabricParameters} describes. */
public final class Topologies {

    private Topologies() {
    }

    public static ClusterFabric build(FabricParameters parameters) {
        return builderFor(parameters.topology()).build(parameters);
    }

    public static TopologyBuilder builderFor(TopologyKind kind) {
        return switch (kind) {
            case SINGLE_NODE -> new SingleNodeTopology();
            case FAT_TREE -> new TwoLevelFatTree();
            case FAT_TREE_3 -> new ThreeLevelFatTree();
            case RAIL_OPTIMIZED -> new RailOptimizedFatTree();
            case MULTI_PLANE -> new MultiPlaneFatTree();
        };
    }
}

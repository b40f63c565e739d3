package org.clustersim.topology;

/** The fabric shapes clustersim builds. */
public enum TopologyKind {
    SINGLE_NODE("single node: GPUs on one NVSwitch"),
    FAT_TREE("2-level fat tree (leaf/spine)"),
    FAT_TREE_3("3-level fat tree (leaf/spine/core, in pods)"),
    RAIL_OPTIMIZED("rail-optimised 2-level fat tree (GPU i of every node on rail i)"),
    MULTI_PLANE("multi-plane 2-level fat tree (one GPU-NIC pair per plane)");

    private final String description;

    TopologyKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

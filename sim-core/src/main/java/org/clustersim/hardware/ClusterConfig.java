package org.clustersim.hardware;

import java.util.Objects;

/** How many of which GPU in how many of which node. Ranks are numbered node-major: rank = node x gpusPerNode + gpu. */
public record ClusterConfig(GpuType gpu, NodeType node, int nodes, int gpusPerNode) {

    public ClusterConfig {
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(node, "node");
        if (nodes <= 0 || gpusPerNode <= 0) {
            throw new IllegalArgumentException("nodes and gpusPerNode must be > 0");
        }
    }

    public int gpuCount() {
        return Math.multiplyExact(nodes, gpusPerNode);
    }

    public int rankOf(int node, int localGpu) {
        return node * gpusPerNode + localGpu;
    }

    public int nodeOf(int rank) {
        return rank / gpusPerNode;
    }

    public int localGpuOf(int rank) {
        return rank % gpusPerNode;
    }
}

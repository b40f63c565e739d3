package org.clustersim.collective;

/** How a collective moves its bytes. */
public enum Algorithm {
    /** Bandwidth-optimal ring (NCCL "Ring"). */
    RING("ring"),
    /** Pipelined double binary tree (NCCL "Tree"); all-reduce only. */
    TREE("tree"),
    /** Intra-node reduce-scatter, inter-node all-reduce on 1/g of the data per rail, intra-node all-gather. */
    HIERARCHICAL("hierarchical"),
    /** Every rank sends to every peer at once (all-to-all, send/recv). */
    DIRECT("direct"),
    /** DeepSeek's node-limited MoE dispatch/combine: IB to at most M nodes, deduplicated, then NVLink. */
    NODE_LIMITED("node-limited");

    private final String spelling;

    Algorithm(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }
}

package org.clustersim.collective;

/** The collective operations clustersim models, with nccl-tests' bus-bandwidth factor for each. */
public enum CollectiveKind {
    ALL_REDUCE("all-reduce"),
    ALL_GATHER("all-gather"),
    REDUCE_SCATTER("reduce-scatter"),
    BROADCAST("broadcast"),
    ALL_TO_ALL("all-to-all"),
    MOE_DISPATCH("moe-dispatch"),
    MOE_COMBINE("moe-combine"),
    SEND_RECV("send-recv"),
    /** Context parallelism: every rank gathers the KV blocks of all ranks of its group (an all-gather of KV). */
    KV_ALL_GATHER("kv-all-gather"),
    /**
     * Context parallelism's ring exchange: p-1 synchronised steps, each passing every rank's current KV block (size/p)
     * to its ring successor, so attention on one block overlaps the transfer of the next.
     */
    KV_RING_EXCHANGE("kv-ring-exchange");

    private final String spelling;

    CollectiveKind(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public static CollectiveKind ofSpelling(String text) {
        for (CollectiveKind kind : values()) {
            if (kind.spelling.equalsIgnoreCase(text.strip())) {
                return kind;
            }
        }
        return null;
    }

    /**
     * busbw = algbw x factor, from nccl-tests doc/PERFORMANCE.md (network-and-collectives.md §3.2): AllReduce
     * 2(n-1)/n; ReduceScatter, AllGather and AlltoAll (n-1)/n; Broadcast 1. MoE dispatch/combine are all-to-all
     * variants; send/recv is point to point (factor 1); both KV exchanges move what an all-gather moves ((n-1)/n).
     */
    public double busBandwidthFactor(int ranks) {
        if (ranks <= 1) {
            return this == BROADCAST || this == SEND_RECV ? 1.0 : 0.0;
        }
        double n = ranks;
        return switch (this) {
            case ALL_REDUCE -> 2 * (n - 1) / n;
            case ALL_GATHER, REDUCE_SCATTER, ALL_TO_ALL, MOE_DISPATCH, MOE_COMBINE, KV_ALL_GATHER, KV_RING_EXCHANGE ->
                    (n - 1) / n;
            case BROADCAST, SEND_RECV -> 1.0;
        };
    }
}

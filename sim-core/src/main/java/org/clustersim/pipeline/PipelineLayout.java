package org.clustersim.pipeline;

/**
 * Which rank holds each position of each chain, and how many micro-batches each chain carries. Ranks are pipeline
 * ranks 0..ranks-1 (not global ranks).
 */
public interface PipelineLayout {

    int ranks();

    int chains();

    /** Positions (stages) a micro-batch of this chain passes through. */
    int length(int chain);

    int microBatches(int chain);

    int rankOf(int chain, int position);

    /** One chain of {@code ranks x virtualStages} positions; position p lives on rank p mod ranks (Megatron). */
    static PipelineLayout linear(int ranks, int virtualStages, int microBatches) {
        return new PipelineLayout() {
            @Override
            public int ranks() {
                return ranks;
            }

            @Override
            public int chains() {
                return 1;
            }

            @Override
            public int length(int chain) {
                return ranks * virtualStages;
            }

            @Override
            public int microBatches(int chain) {
                return microBatches;
            }

            @Override
            public int rankOf(int chain, int position) {
                return position % ranks;
            }
        };
    }

    /**
     * DualPipe's two directions: chain 0 runs ranks 0..n-1, chain 1 runs n-1..0, each with half the micro-batches;
     * every rank holds one stage of each (so twice the parameters).
     */
    static PipelineLayout bidirectional(int ranks, int microBatchesTotal) {
        return new PipelineLayout() {
            @Override
            public int ranks() {
                return ranks;
            }

            @Override
            public int chains() {
                return 2;
            }

            @Override
            public int length(int chain) {
                return ranks;
            }

            @Override
            public int microBatches(int chain) {
                return microBatchesTotal / 2;
            }

            @Override
            public int rankOf(int chain, int position) {
                return chain == 0 ? position : ranks - 1 - position;
            }
        };
    }
}

package org.clustersim.workload;

/**
 * Pipeline schedules: which model chunks a pipeline rank holds and how many micro-batches' activations it keeps in
 * flight at its peak. The step-by-step simulation of each schedule comes with the step simulator; the counts here are
 * the published ones the memory model needs.
 *
 * <p>A <em>chunk-micro-batch</em> is the activations of one micro-batch through one model chunk.
 */
public enum Schedule {
    /** GPipe: all forwards, then all backwards; every micro-batch is in flight at the peak. */
    GPIPE("gpipe"),
    /** 1F1B (PipeDream-flush, Megatron): stage r keeps at most pipeline - r micro-batches in flight. */
    ONE_F_ONE_B("1f1b"),
    /**
     * Interleaved 1F1B (Megatron SC'21 §2.2.2): each rank holds {@code virtualStages} chunks; rank r keeps
     * 2(pipeline - r - 1) + (virtualStages - 1) pipeline + 1 chunk-micro-batches (Megatron-LM's warm-up count plus
     * the one in progress), i.e. pipeline x (1 + (pipeline - 1)/(pipeline x virtualStages)) stages' worth on rank 0.
     */
    INTERLEAVED_1F1B("interleaved-1f1b"),
    /** Zero-bubble ZB1P: same activations and parameters as 1F1B (DualPipe README table, deepseek-v3.md A.3). */
    ZERO_BUBBLE("zero-bubble"),
    /**
     * DualPipe (DeepSeek-V3): rank r holds stage r and stage pipeline-1-r (two copies of the model in the pipeline:
     * 2x parameters) and keeps pipeline + 1 chunk-micro-batches in flight (DualPipe README table, A.3).
     */
    DUALPIPE("dualpipe"),
    /**
     * DualPipeV: the "cut-in-half" V-shape: the model in 2 x pipeline chunks, rank r holding chunks r and
     * 2 x pipeline - 1 - r (1x parameters). Assumption: 2 x pipeline + 1 chunk-micro-batches in flight, DualPipe's
     * count for its 2 x pipeline chunks.
     */
    DUALPIPE_V("dualpipe-v");

    private final String spelling;

    Schedule(String spelling) {
        this.spelling = spelling;
    }

    /** How users write it. */
    public String spelling() {
        return spelling;
    }

    /**
     * Whether Megatron-Core can overlap this schedule's steady-state forward-backward pairs
     * ({@code overlap_moe_expert_parallel_comm}): in interleaved 1F1B, and in 1F1B only without pipelining. DualPipe
     * overlaps its own; GPipe and zero-bubble have no such pairs.
     */
    public boolean overlapsPairs(int pipeline) {
        return this == INTERLEAVED_1F1B || this == ONE_F_ONE_B && pipeline == 1;
    }

    /** Number of chunks the model's layers are split into. */
    public int modelChunks(int pipeline, int virtualStages) {
        return switch (this) {
            case INTERLEAVED_1F1B -> pipeline * virtualStages;
            case DUALPIPE_V -> 2 * pipeline;
            default -> pipeline;
        };
    }

    /** Chunks held by pipeline rank {@code rank}, in order of first use. */
    public int[] chunksOfRank(int rank, int pipeline, int virtualStages) {
        return switch (this) {
            case INTERLEAVED_1F1B -> {
                int[] out = new int[virtualStages];
                for (int i = 0; i < virtualStages; i++) {
                    out[i] = rank + i * pipeline;
                }
                yield out;
            }
            case DUALPIPE -> pipeline - 1 - rank == rank ? new int[] {rank} : new int[] {rank, pipeline - 1 - rank};
            case DUALPIPE_V -> new int[] {rank, 2 * pipeline - 1 - rank};
            default -> new int[] {rank};
        };
    }

    /** Peak chunk-micro-batches whose activations pipeline rank {@code rank} keeps, of {@code microBatches}. */
    public long inFlightChunkMicroBatches(int rank, int pipeline, int virtualStages, long microBatches) {
        return switch (this) {
            case GPIPE -> microBatches;
            case ONE_F_ONE_B, ZERO_BUBBLE -> Math.min(microBatches, pipeline - rank);
            case INTERLEAVED_1F1B -> Math.min(microBatches * virtualStages,
                    2L * (pipeline - rank - 1) + (long) (virtualStages - 1) * pipeline + 1);
            case DUALPIPE -> Math.min(microBatches, pipeline + 1L);
            case DUALPIPE_V -> Math.min(2 * microBatches, 2L * pipeline + 1);
        };
    }
}

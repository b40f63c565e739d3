package org.clustersim.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Megatron's interleaved 1F1B (Narayanan et al., SC'21): each rank holds v model chunks (positions r, r+p, ...);
 * micro-batches go round in groups of p, which divides the warm-up bubble by v at the cost of v x more p2p traffic.
 */
public final class InterleavedOneFOneBSchedule implements PipelineSchedule {

    private final boolean overlapPairs;

    public InterleavedOneFOneBSchedule() {
        this(false);
    }

    /**
     * @param overlapPairs run each steady-state forward and backward as one overlapped op ({@link OpKind#FB}), as
     *                     Megatron-Core's {@code overlap_moe_expert_parallel_comm} does; each rank then warms up with
     *                     one more forward, so that the two halves of a pair are independent micro-batches
     *                     (megatron/core/pipeline_parallel/schedules.py: num_warmup_microbatches += 1)
     */
    public InterleavedOneFOneBSchedule(boolean overlapPairs) {
        this.overlapPairs = overlapPairs;
    }

    /** Whether the steady state's pairs run overlapped. */
    public boolean overlapsPairs() {
        return overlapPairs;
    }

    @Override
    public String name() {
        return "interleaved-1f1b";
    }

    @Override
    public PipelineLayout layout(int ranks, int virtualStages, int microBatches) {
        return PipelineLayout.linear(ranks, virtualStages, microBatches);
    }

    @Override
    public List<List<PipelineOp>> program(PipelineLayout layout) {
        int p = layout.ranks();
        int v = layout.length(0) / p;
        int m = layout.microBatches(0);
        int total = m * v;
        List<List<PipelineOp>> ops = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            List<PipelineOp> rank = new ArrayList<>();
            int warmup = m == p ? total : Math.min(total, (p - r - 1) * 2 + (v - 1) * p + (overlapPairs ? 1 : 0));
            int f = 0;
            int b = 0;
            for (; f < warmup; f++) {
                rank.add(forward(f, r, p, v));
            }
            while (f < total) {
                PipelineOp forward = forward(f++, r, p, v);
                PipelineOp backward = backward(b++, r, p, v);
                if (overlapPairs) {
                    rank.add(PipelineOp.overlapped(0, forward.position(), forward.microBatch(), 0,
                            backward.position(), backward.microBatch()));
                } else {
                    rank.add(forward);
                    rank.add(backward);
                }
            }
            while (b < total) {
                rank.add(backward(b++, r, p, v));
            }
            ops.add(rank);
        }
        return ops;
    }

    /** The k-th forward on a rank: chunk (k / p) mod v of micro-batch (k / (p v)) p + k mod p. */
    private static PipelineOp forward(int k, int rank, int p, int v) {
        int chunk = (k / p) % v;
        int microBatch = (k / (p * v)) * p + k % p;
        return PipelineOp.of(OpKind.F, 0, chunk * p + rank, microBatch);
    }

    /** The k-th backward runs the chunks in reverse order. */
    private static PipelineOp backward(int k, int rank, int p, int v) {
        int chunk = v - 1 - (k / p) % v;
        int microBatch = (k / (p * v)) * p + k % p;
        return PipelineOp.of(OpKind.BW, 0, chunk * p + rank, microBatch);
    }

    @Override
    public String constraintViolation(int ranks, int virtualStages, int microBatches) {
        if (virtualStages < 2) {
            return "interleaved-1f1b needs virtualStages >= 2 (or use 1f1b)";
        }
        if (microBatches % ranks != 0) {
            return "interleaved-1f1b needs micro-batches (" + microBatches + ") divisible by pipeline ranks (" + ranks
                    + "); change the global batch or micro-batch size";
        }
        return null;
    }
}

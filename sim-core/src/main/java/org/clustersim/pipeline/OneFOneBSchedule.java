package org.clustersim.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * 1F1B (PipeDream-flush / Megatron non-interleaved): rank r runs ranks-r-1 warm-up forwards, then alternates one
 * forward and one full backward, then drains the remaining backwards. At most ranks-r micro-batches in flight (one
 * more with overlapped pairs).
 */
public final class OneFOneBSchedule implements PipelineSchedule {

    private final boolean overlapPairs;

    public OneFOneBSchedule() {
        this(false);
    }

    /**
     * @param overlapPairs run each steady-state forward and backward as one overlapped op ({@link OpKind#FB}) after
     *                     one more warm-up forward, so that the two halves are independent micro-batches. Without
     *                     pipelining this is Megatron-Core's combined 1F1B (mb 0 forward; then mb k-1 backward with
     *                     mb k forward; the last backward alone: combined_1f1b.py)
     */
    public OneFOneBSchedule(boolean overlapPairs) {
        this.overlapPairs = overlapPairs;
    }

    /** Whether the steady state's pairs run overlapped. */
    public boolean overlapsPairs() {
        return overlapPairs;
    }

    @Override
    public String name() {
        return "1f1b";
    }

    @Override
    public PipelineLayout layout(int ranks, int virtualStages, int microBatches) {
        return PipelineLayout.linear(ranks, 1, microBatches);
    }

    @Override
    public List<List<PipelineOp>> program(PipelineLayout layout) {
        List<List<PipelineOp>> ops = new ArrayList<>();
        int p = layout.ranks();
        int m = layout.microBatches(0);
        for (int r = 0; r < p; r++) {
            List<PipelineOp> rank = new ArrayList<>();
            int warmup = Math.min(p - r - 1 + (overlapPairs ? 1 : 0), m);
            int f = 0;
            int b = 0;
            for (; f < warmup; f++) {
                rank.add(PipelineOp.of(OpKind.F, 0, r, f));
            }
            while (f < m) {
                if (overlapPairs) {
                    rank.add(PipelineOp.overlapped(0, r, f++, 0, r, b++));
                } else {
                    rank.add(PipelineOp.of(OpKind.F, 0, r, f++));
                    rank.add(PipelineOp.of(OpKind.BW, 0, r, b++));
                }
            }
            while (b < m) {
                rank.add(PipelineOp.of(OpKind.BW, 0, r, b++));
            }
            ops.add(rank);
        }
        return ops;
    }

    @Override
    public String constraintViolation(int ranks, int virtualStages, int microBatches) {
        return virtualStages != 1 ? "1f1b has no virtual stages; set virtualStages: 1 or use interleaved-1f1b" : null;
    }
}

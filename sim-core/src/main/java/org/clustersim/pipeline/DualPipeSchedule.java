package org.clustersim.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * DualPipe (DeepSeek-V3 report §3.2.1; deepseek-ai/DualPipe): micro-batches enter from both ends, every rank holds one
 * stage of each direction, and in the steady phase a forward of one direction runs overlapped with the full backward
 * of the other, so their all-to-all communication hides behind each other's compute. The per-rank order follows the
 * eight steps of the reference implementation's {@code step()}: nF0, nF0F1, nB1W1F1, nF0B1F1B0, nB1F1B0, nB1B0,
 * nWB0, nW (phase 0 is the rank's own direction for the first half of the ranks and the reverse one for the second).
 */
public final class DualPipeSchedule implements PipelineSchedule {

    @Override
    public String name() {
        return "dualpipe";
    }

    @Override
    public PipelineLayout layout(int ranks, int virtualStages, int microBatches) {
        return PipelineLayout.bidirectional(ranks, microBatches);
    }

    @Override
    public List<List<PipelineOp>> program(PipelineLayout layout) {
        List<List<PipelineOp>> ops = new ArrayList<>();
        for (int r = 0; r < layout.ranks(); r++) {
            ops.add(new RankProgram(layout, r).build());
        }
        return ops;
    }

    @Override
    public String constraintViolation(int ranks, int virtualStages, int microBatches) {
        if (virtualStages != 1) {
            return "dualpipe holds two stages per rank by itself; set virtualStages: 1";
        }
        if (ranks % 2 != 0) {
            return "dualpipe needs an even number of pipeline ranks, not " + ranks;
        }
        if (microBatches % 2 != 0 || microBatches < 2 * ranks) {
            return "dualpipe needs an even number of micro-batches of at least 2 x pipeline ranks (" + 2 * ranks
                    + "), not " + microBatches + "; raise the global batch or lower the micro-batch size";
        }
        return null;
    }

    /** Builds one rank's op list, tracking per-phase counters and the deferred weight-gradient queue. */
    private static final class RankProgram {
        private final PipelineLayout layout;
        private final int rank;
        private final int ranks;
        private final int halfRank;
        private final boolean secondHalf;
        private final boolean middle;
        private final int[] nextForward = new int[2];
        private final int[] nextBackward = new int[2];
        private final ArrayDeque<PipelineOp> deferredWeights = new ArrayDeque<>();
        private final List<PipelineOp> out = new ArrayList<>();

        RankProgram(PipelineLayout layout, int rank) {
            this.layout = layout;
            this.rank = rank;
            this.ranks = layout.ranks();
            this.halfRank = Math.min(rank, ranks - 1 - rank);
            this.secondHalf = rank >= ranks / 2;
            this.middle = halfRank == ranks / 2 - 1;
        }

        private int chain(int phase) {
            return phase ^ (secondHalf ? 1 : 0);
        }

        private int position(int chain) {
            return chain == 0 ? rank : ranks - 1 - rank;
        }

        private PipelineOp forward(int phase) {
            int c = chain(phase);
            return PipelineOp.of(OpKind.F, c, position(c), nextForward[phase]++);
        }

        /** A backward; with zero bubble its weight half is queued for a later W. */
        private PipelineOp backward(int phase, boolean zeroBubble) {
            int c = chain(phase);
            int mb = nextBackward[phase]++;
            if (zeroBubble) {
                deferredWeights.add(PipelineOp.of(OpKind.W, c, position(c), mb));
                return PipelineOp.of(OpKind.B, c, position(c), mb);
            }
            return PipelineOp.of(OpKind.BW, c, position(c), mb);
        }

        private PipelineOp forwardBackward(int forwardPhase, int backwardPhase) {
            PipelineOp f = forward(forwardPhase);
            PipelineOp b = backward(backwardPhase, false);
            return PipelineOp.overlapped(f.chain(), f.position(), f.microBatch(), b.chain(), b.position(),
                    b.microBatch());
        }

        private PipelineOp weight() {
            return deferredWeights.remove();
        }

        List<PipelineOp> build() {
            int half = ranks / 2;
            int halfChunks = layout.microBatches(0);
            for (int i = 0; i < (half - halfRank - 1) * 2; i++) { // step 1: nF0
                out.add(forward(0));
            }
            for (int i = 0; i < halfRank + 1; i++) {                // step 2: nF0F1
                out.add(forward(0));
                out.add(forward(1));
            }
            for (int i = 0; i < half - halfRank - 1; i++) {         // step 3: nB1W1F1 (zero bubble)
                out.add(backward(1, true));
                out.add(weight());
                out.add(forward(1));
            }
            int main = halfChunks - ranks + halfRank + 1;           // step 4: nF0B1F1B0
            for (int i = 0; i < main; i++) {
                if (i == 0 && middle) {
                    out.add(forward(0));                            // not overlapped, to shrink the bubble
                    out.add(backward(1, false));
                } else {
                    out.add(forwardBackward(0, 1));
                }
                out.add(forwardBackward(1, 0));
            }
            for (int i = 0; i < half - halfRank - 1; i++) {         // step 5: nB1F1B0
                out.add(backward(1, false));
                out.add(forwardBackward(1, 0));
            }
            int step6 = halfRank + 1;                               // step 6: nB1B0, second half zero bubble
            boolean zeroBubble = false;
            for (int i = 0; i < step6; i++) {
                if (i == step6 / 2 && halfRank % 2 == 1) {
                    zeroBubble = true;
                }
                out.add(backward(1, zeroBubble));
                if (i == step6 / 2 && halfRank % 2 == 0) {
                    zeroBubble = true;
                }
                out.add(backward(0, zeroBubble));
            }
            for (int i = 0; i < half - halfRank - 1; i++) {         // step 7: nWB0 (zero bubble)
                out.add(weight());
                out.add(backward(0, true));
            }
            while (!deferredWeights.isEmpty()) {                    // step 8: nW
                out.add(weight());
            }
            return out;
        }
    }
}

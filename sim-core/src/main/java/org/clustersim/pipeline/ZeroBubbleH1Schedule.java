package org.clustersim.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * ZB-H1 (Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024): 1F1B with the backward split into input (B) and
 * weight (W) gradients. In the steady state rank i runs the triple (F_x, B_{x-(p-1-i)}, W_{x-(p-1)}): input
 * gradients flow back as fast as 1F1B's, each weight pass lags p-1 micro-batches behind its forward, so the W passes
 * left at the end fill the cool-down bubble. Same in-flight activations as 1F1B (p - i on rank i).
 */
public final class ZeroBubbleH1Schedule implements PipelineSchedule {

    @Override
    public String name() {
        return "zero-bubble";
    }

    @Override
    public PipelineLayout layout(int ranks, int virtualStages, int microBatches) {
        return PipelineLayout.linear(ranks, 1, microBatches);
    }

    @Override
    public List<List<PipelineOp>> program(PipelineLayout layout) {
        int p = layout.ranks();
        int m = layout.microBatches(0);
        List<List<PipelineOp>> ops = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            List<PipelineOp> rank = new ArrayList<>();
            for (int x = 0; x < m + p - 1; x++) {
                if (x < m) {
                    rank.add(PipelineOp.of(OpKind.F, 0, r, x));
                }
                int b = x - (p - 1 - r);
                if (b >= 0 && b < m) {
                    rank.add(PipelineOp.of(OpKind.B, 0, r, b));
                }
                int w = x - (p - 1);
                if (w >= 0 && w < m) {
                    rank.add(PipelineOp.of(OpKind.W, 0, r, w));
                }
            }
            ops.add(rank);
        }
        return ops;
    }

    @Override
    public String constraintViolation(int ranks, int virtualStages, int microBatches) {
        return virtualStages != 1 ? "zero-bubble (ZB-H1) has no virtual stages; set virtualStages: 1" : null;
    }
}

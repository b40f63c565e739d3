package org.clustersim.pipeline;

import java.util.ArrayList;
import java.util.List;

/** GPipe: every micro-batch forward, then every backward (last micro-batch first). Holds all activations. */
public final class GPipeSchedule implements PipelineSchedule {

    @Override
    public String name() {
        return "gpipe";
    }

    @Override
    public PipelineLayout layout(int ranks, int virtualStages, int microBatches) {
        return PipelineLayout.linear(ranks, 1, microBatches);
    }

    @Override
    public List<List<PipelineOp>> program(PipelineLayout layout) {
        List<List<PipelineOp>> ops = new ArrayList<>();
        int m = layout.microBatches(0);
        for (int r = 0; r < layout.ranks(); r++) {
            List<PipelineOp> rank = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                rank.add(PipelineOp.of(OpKind.F, 0, r, i));
            }
            for (int i = m - 1; i >= 0; i--) {
                rank.add(PipelineOp.of(OpKind.BW, 0, r, i));
            }
            ops.add(rank);
        }
        return ops;
    }

    @Override
    public String constraintViolation(int ranks, int virtualStages, int microBatches) {
        return virtualStages != 1 ? "gpipe has no virtual stages; set virtualStages: 1 or use interleaved-1f1b" : null;
    }
}

package org.clustersim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** The ops of a layer do the same work as the FLOP counter says, whatever the split over ranks. */
class LayerOpsTest {

    private static double flopsOf(List<Op> ops) {
        return ops.stream().mapToDouble(Op::flops).sum();
    }

    private static double perTokenForward(ModelShape model, int layer, int seq) {
        List<Linear> linears = layer < model.layers() ? model.layerLinears(layer) : model.mtpLinears();
        double gemm = linears.stream().mapToDouble(Linear::forwardFlopsPerToken).sum();
        return gemm + model.attention().scoreAndContextFlopsPerToken(seq) / 2;
    }

    @Test
    void deepSeekMoeLayerOnOneExpertParallelRank() {
        ModelShape v3 = Models.deepSeekV3();
        ParallelPlan plan = Models.deepSeekPlan();
        TrainingShape step = Models.deepSeekStep();
        for (int layer : new int[] {0, 10, 61}) {
            List<Op> ops = LayerOps.forward(v3, plan, step, layer);
            assertThat(flopsOf(ops)).as("layer " + layer)
                    .isCloseTo(4096 * perTokenForward(v3, layer, 4096), Percentage.withPercentage(1e-9));
        }
        // 4 local experts per rank (256 / 64), each receiving 4096 x 8 x 64 / 256 = 8192 tokens
        List<Op> moe = LayerOps.forward(v3, plan, step, 10);
        assertThat(moe.stream().filter(o -> o instanceof Op.Gemm g && g.m() == 8192 && g.n() == 2048)).hasSize(8);
    }

    @Test
    void tensorAndContextParallelDivideTheWork() {
        ModelShape llama = Models.llama3(80, 8192, 28672, 64);
        ParallelPlan plan = new ParallelPlan(8, 4, 1, 1, 2, 2, 1, 1, Schedule.ONE_F_ONE_B, Recompute.NONE,
                Precision.BF16, OptimizerMoments.FP32, 0);
        TrainingShape step = new TrainingShape(8192, 64);
        // tokens per rank: 8192 / context 2; everything split 8 ways by tensor parallelism
        assertThat(flopsOf(LayerOps.forward(llama, plan, step, 3)))
                .isCloseTo(4096.0 * perTokenForward(llama, 3, 8192) / 8, Percentage.withPercentage(1e-9));
        assertThat(flopsOf(LayerOps.head(llama, plan, step)))
                .isCloseTo(4096.0 * 2 * 8192 * 128256 / 8, Percentage.withPercentage(1e-9));
    }
}

package org.clustersim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import org.clustersim.hardware.ClusterConfig;
import org.junit.jupiter.api.Test;

class MemoryModelTest {

    private static final double GIB = 1L << 30;
    private final MemoryModel memory = new MemoryModel();

    private static void print(MemoryReport report) {
        for (RankMemory m : report.ranks()) {
            System.out.printf(Locale.ROOT, "  pp %2d %-48s %6.1f GiB (w %.1f g %.1f o %.1f act %.1f tmp %.1f)%n",
                    m.pipelineRank(), m.holds(), m.totalBytes() / GIB, m.weightBytes() / GIB, m.gradientBytes() / GIB,
                    m.optimizerBytes() / GIB, m.activationBytes() / GIB, m.temporaryBytes() / GIB);
        }
    }

    /**
     * DeepSeek-V3's published plan (A.3: PP16 DualPipe, EP64, ZeRO-1 DP128, no TP; A.2: FP8, BF16 moments, recompute
     * of norms and MLA up-projections) fits its 80 GB H800s, with micro-batches of one 4K sequence (assumed).
     */
    @Test
    void deepSeekV3PublishedPlanFitsH800() {
        ClusterConfig cluster = Models.cluster(Models.h800(), 256);
        MemoryReport report = memory.check(Models.deepSeekV3(), Models.deepSeekPlan(), cluster,
                Models.deepSeekStep());
        print(report);
        assertThat(report.fits()).isTrue();
        assertThat(report.peak().totalBytes()).isLessThan(80 * GIB);
        // DualPipe: the first rank holds stage 0 and stage 15, so the embedding and the head/MTP share it (A.2)
        assertThat(report.ranks().get(0).holds()).contains("embedding", "MTP", "head");
        // balanced routing: 4 experts per GPU (A.3) -> ranks 1..14 hold 8 MoE layers each
        long perLayer = ParameterCounts.layerParams(Models.deepSeekV3(), 10).nonExpertParams()
                + ParameterCounts.layerParams(Models.deepSeekV3(), 10).routedExpertParams() / 64;
        assertThat(report.ranks().get(3).params()).isEqualTo(8 * perLayer);
        // without recomputation the same plan does not fit
        ParallelPlan none = new ParallelPlan(1, 16, 1, 64, 128, 1, 1, 1, Schedule.DUALPIPE, Recompute.NONE,
                Precision.FP8, OptimizerMoments.BF16, 20);
        assertThat(memory.estimate(Models.deepSeekV3(), none, cluster, Models.deepSeekStep()).fits()).isFalse();
    }

    @Test
    void gpt3WithDataParallelismOnlyDoesNotFitAndSaysWhatWould() {
        ClusterConfig cluster = Models.cluster(Models.a100(), 8);
        ParallelPlan dp = ParallelPlan.dataParallel(64);
        TrainingShape step = new TrainingShape(2048, 1536);
        dp.validate(Models.gpt3(), cluster, step);
        PlanDoesNotFitError e = catchThrowableOfType(PlanDoesNotFitError.class,
                () -> memory.check(Models.gpt3(), dp, cluster, step));
        System.out.println(e.userMessage());
        assertThat(e.getMessage()).contains("pipeline rank 0 (global rank 0", "but a A100-80GB has 80.0 GiB");
        // 174.6B parameters x 18 bytes (2 weights + 4 gradients + 12 optimizer) on every GPU: 2,927 GiB of states
        RankMemory peak = e.report().peak();
        assertThat(peak.weightBytes() + peak.gradientBytes() + peak.optimizerBytes())
                .isCloseTo(18.0 * ParameterCounts.of(Models.gpt3()).totalParams(), within(1.0));
        assertThat(e.hint()).contains("would fit with", "zero: 3", "tensor: 8");
        // every suggestion really fits
        ParallelPlan suggested = new ParallelPlan(8, 1, 1, 1, 8, 1, 3, 1, Schedule.ONE_F_ONE_B, Recompute.NONE,
                Precision.BF16, OptimizerMoments.FP32, 0);
        assertThat(memory.estimate(Models.gpt3(), suggested, cluster, step).fits()).isTrue();
    }

    @Test
    void zeroStagesShardExactlyWhatTheySay() {
        ModelShape gpt3 = Models.gpt3();
        ClusterConfig cluster = Models.cluster(Models.a100(), 8);
        TrainingShape step = new TrainingShape(2048, 1536);
        double params = ParameterCounts.of(gpt3).totalParams();
        RankMemory[] byStage = new RankMemory[4];
        for (int zero = 0; zero <= 3; zero++) {
            ParallelPlan p = new ParallelPlan(1, 1, 1, 1, 64, 1, zero, 1, Schedule.ONE_F_ONE_B, Recompute.FULL,
                    Precision.BF16, OptimizerMoments.FP32, 0);
            byStage[zero] = memory.estimate(gpt3, p, cluster, step).peak();
        }
        assertThat(byStage[0].optimizerBytes()).isCloseTo(12 * params, within(1.0));
        assertThat(byStage[1].optimizerBytes()).isCloseTo(12 * params / 64, within(1.0));
        assertThat(byStage[1].gradientBytes()).isCloseTo(4 * params, within(1.0));
        assertThat(byStage[2].gradientBytes()).isCloseTo(4 * params / 64, within(1.0));
        assertThat(byStage[2].weightBytes()).isCloseTo(2 * params, within(1.0));
        assertThat(byStage[3].weightBytes()).isCloseTo(2 * params / 64, within(1.0));
        for (int zero = 1; zero <= 3; zero++) {
            assertThat(byStage[zero].totalBytes()).isLessThan(byStage[zero - 1].totalBytes());
        }
        // BF16 moments (DeepSeek, A.2) save 4 of the 12 optimizer bytes
        ParallelPlan bf16 = new ParallelPlan(1, 1, 1, 1, 64, 1, 0, 1, Schedule.ONE_F_ONE_B, Recompute.FULL,
                Precision.BF16, OptimizerMoments.BF16, 0);
        assertThat(memory.estimate(gpt3, bf16, cluster, step).peak().optimizerBytes()).isCloseTo(8 * params,
                within(1.0));
    }

    @Test
    void recomputationAndPrecisionOrderActivations() {
        ModelShape v3 = Models.deepSeekV3();
        for (int layer : new int[] {0, 20, 61}) {
            double none = MemoryModel.activationBytesPerToken(v3, layer, Recompute.NONE, Precision.BF16);
            double selective = MemoryModel.activationBytesPerToken(v3, layer, Recompute.SELECTIVE, Precision.BF16);
            double full = MemoryModel.activationBytesPerToken(v3, layer, Recompute.FULL, Precision.BF16);
            double fp8 = MemoryModel.activationBytesPerToken(v3, layer, Recompute.SELECTIVE, Precision.FP8);
            assertThat(none).isGreaterThan(selective);
            assertThat(selective).isGreaterThan(fp8);
            assertThat(fp8).isGreaterThan(full);
        }
        // full recomputation keeps only the BF16 layer input
        assertThat(MemoryModel.activationBytesPerToken(v3, 5, Recompute.FULL, Precision.FP8)).isEqualTo(2.0 * 7168);
        // a GPT layer without recomputation, by hand: input 2h, norm out 2h, QKV 6h, attention out 2h, softmax
        // statistics 4 x heads; then input 2h, norm out 2h, fc1 out 2 x 4h, GELU out 2 x 4h
        ModelShape gpt = Models.megatronGpt(32, 4096, 4);
        assertThat(MemoryModel.activationBytesPerToken(gpt, 0, Recompute.NONE, Precision.BF16))
                .isEqualTo(12 * 4096 + 4 * 32 + 20 * 4096);
    }

    @Test
    void dualPipeHoldsTwiceTheParametersOf1f1bOnTheSameDegrees() {
        ModelShape model = Models.megatronGpt(32, 4096, 32);
        ClusterConfig cluster = Models.cluster(Models.h800(), 2);
        TrainingShape step = new TrainingShape(2048, 256);
        long[] totals = new long[2];
        Schedule[] schedules = {Schedule.ONE_F_ONE_B, Schedule.DUALPIPE};
        for (int i = 0; i < 2; i++) {
            ParallelPlan p = new ParallelPlan(1, 8, 1, 1, 2, 1, 0, 1, schedules[i], Recompute.NONE, Precision.BF16,
                    OptimizerMoments.FP32, 0);
            p.validate(model, cluster, step);
            totals[i] = memory.estimate(model, p, cluster, step).ranks().stream().mapToLong(RankMemory::params).sum();
        }
        // the tied embedding/head: 1F1B keeps a copy on the last stage; DualPipe's rank 0 and 7 hold both ends
        long table = 51200L * 4096;
        assertThat(totals[1]).isEqualTo(2 * (totals[0] - table));
    }
}

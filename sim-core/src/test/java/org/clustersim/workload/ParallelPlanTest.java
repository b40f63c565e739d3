package org.clustersim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clustersim.hardware.ClusterConfig;
import org.junit.jupiter.api.Test;

/** Every invalid-plan message: the key at fault, what is wrong, and a hint that names the fix. */
class ParallelPlanTest {

    private static final ClusterConfig DEEPSEEK_CLUSTER = Models.cluster(Models.h800(), 256);

    private static ParallelPlan plan(int tensor, int pipeline, int virtual, int expert, int data, int context,
            int microBatch, Schedule schedule) {
        return new ParallelPlan(tensor, pipeline, virtual, expert, data, context, 1, microBatch, schedule,
                Recompute.SELECTIVE, Precision.FP8, OptimizerMoments.BF16, 20);
    }

    private static WorkloadError invalid(ParallelPlan plan, ModelShape model, ClusterConfig cluster,
            TrainingShape training) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> plan.validate(model, cluster, training));
        assertThat(t).as("plan should be invalid: " + plan.describe()).isInstanceOf(WorkloadError.class);
        WorkloadError e = (WorkloadError) t;
        System.out.println("[" + e.key() + "] " + e.userMessage());
        assertThat(e.hint()).isNotBlank();
        return e;
    }

    private static WorkloadError invalidForDeepSeek(ParallelPlan plan) {
        return invalid(plan, Models.deepSeekV3(), DEEPSEEK_CLUSTER, Models.deepSeekStep());
    }

    @Test
    void deepSeekPublishedPlanIsValid() {
        Models.deepSeekPlan().validate(Models.deepSeekV3(), DEEPSEEK_CLUSTER, Models.deepSeekStep());
        assertThat(Models.deepSeekPlan().microBatches(Models.deepSeekStep())).isEqualTo(120);
        assertThat(Models.deepSeekPlan().expertDataParallel()).isEqualTo(2);
        assertThat(Models.deepSeekPlan().firstRankOfStage(15)).isEqualTo(15 * 128);
    }

    @Test
    void degreesMustMultiplyToTheGpuCount() {
        WorkloadError e = invalidForDeepSeek(plan(1, 16, 1, 64, 100, 1, 1, Schedule.DUALPIPE));
        assertThat(e.key()).isEqualTo("data");
        assertThat(e.getMessage()).contains("= 1600 GPUs, but the cluster has 2048");
        assertThat(e.hint()).contains("set data: 128");
        WorkloadError e2 = invalidForDeepSeek(plan(3, 16, 1, 1, 40, 1, 1, Schedule.DUALPIPE));
        assertThat(e2.hint()).contains("dividing 2048");
    }

    @Test
    void tensorMustDivideHeadsKvHeadsAndFfn() {
        WorkloadError heads = invalidForDeepSeek(plan(3, 16, 1, 1, 1, 1, 1, Schedule.DUALPIPE));
        // 3 x 16 x 1 x 1 != 2048 is caught first; use a cluster where the product works
        assertThat(heads.key()).isEqualTo("data");
        ClusterConfig six = Models.cluster(Models.h800(), 6);
        WorkloadError e = invalid(plan(3, 1, 1, 1, 16, 1, 1, Schedule.ONE_F_ONE_B), Models.deepSeekV3(), six, null);
        assertThat(e.key()).isEqualTo("tensor");
        assertThat(e.getMessage()).contains("does not divide the 128 attention heads");
        ClusterConfig one = Models.cluster(Models.h800(), 2);
        WorkloadError kv = invalid(plan(16, 1, 1, 1, 1, 1, 1, Schedule.ONE_F_ONE_B), Models.llama3(32, 4096, 14336,
                32), one, null);
        assertThat(kv.key()).isEqualTo("tensor");
        assertThat(kv.getMessage()).contains("8 key/value heads");
        ModelShape oddFfn = new ModelShape("x", "x", 4, 1024, new Attention.MultiHead(16, 16, 64),
                new FeedForward.Dense(1000, true), 1000, false, 0, false, ModelShape.Norm.RMS_NORM, 0);
        WorkloadError ffn = invalid(plan(16, 1, 1, 1, 1, 1, 1, Schedule.ONE_F_ONE_B), oddFfn, one, null);
        assertThat(ffn.getMessage()).contains("ffnHidden 1000");
    }

    @Test
    void expertParallelismNeedsDivisibleExpertsAndRanks() {
        WorkloadError notDivisible = invalidForDeepSeek(plan(1, 16, 1, 48, 128, 1, 1, Schedule.DUALPIPE));
        assertThat(notDivisible.key()).isEqualTo("expert");
        assertThat(notDivisible.getMessage()).contains("256 routed experts do not divide evenly over expert 48");
        assertThat(notDivisible.hint()).contains("64");
        WorkloadError tooWide = invalidForDeepSeek(plan(1, 16, 1, 256, 128, 1, 1, Schedule.DUALPIPE));
        assertThat(tooWide.getMessage()).contains("must divide tensor x data x context = 128");
        WorkloadError dense = invalid(plan(1, 1, 1, 8, 16, 1, 1, Schedule.ONE_F_ONE_B), Models.llama3(32, 4096, 14336,
                32), Models.cluster(Models.h800(), 2), null);
        assertThat(dense.getMessage()).contains("needs a mixture-of-experts model");
        assertThat(dense.hint()).contains("set it to 1");
    }

    @Test
    void moreStagesThanLayersIsRejected() {
        ClusterConfig cluster = Models.cluster(Models.h800(), 16);
        WorkloadError e = invalid(plan(1, 128, 1, 1, 1, 1, 1, Schedule.ONE_F_ONE_B), Models.deepSeekV3(), cluster,
                null);
        assertThat(e.key()).isEqualTo("pipeline");
        assertThat(e.getMessage()).contains("pipeline 128 stages, but the model has only 61 layers");
        assertThat(e.hint()).contains("at most 61");
        WorkloadError v = invalid(plan(1, 32, 2, 1, 4, 1, 1, Schedule.INTERLEAVED_1F1B), Models.deepSeekV3(), cluster,
                null);
        assertThat(v.getMessage()).contains("= 64 stages");
    }

    @Test
    void scheduleConstraints() {
        ClusterConfig cluster = Models.cluster(Models.h800(), 16);
        ModelShape llama = Models.llama3(80, 8192, 28672, 64);
        TrainingShape step = new TrainingShape(8192, 256);
        WorkloadError virtualWithoutInterleaving = invalid(plan(8, 8, 2, 1, 2, 1, 1, Schedule.ONE_F_ONE_B), llama,
                cluster, step);
        assertThat(virtualWithoutInterleaving.key()).isEqualTo("virtualStages");
        assertThat(virtualWithoutInterleaving.hint()).contains("interleaved-1f1b");
        WorkloadError oneVirtual = invalid(plan(8, 8, 1, 1, 2, 1, 1, Schedule.INTERLEAVED_1F1B), llama, cluster, step);
        assertThat(oneVirtual.getMessage()).contains("virtualStages >= 2");
        WorkloadError unequal = invalid(plan(8, 8, 3, 1, 2, 1, 1, Schedule.INTERLEAVED_1F1B), llama, cluster, step);
        assertThat(unequal.getMessage()).contains("80 layers do not split into pipeline 8 x virtualStages 3");
        assertThat(unequal.hint()).contains("virtualStages: 2, 5, 10");
        WorkloadError notMultiple = invalid(plan(8, 8, 2, 1, 2, 1, 2, Schedule.INTERLEAVED_1F1B), llama, cluster,
                new TrainingShape(8192, 36));
        assertThat(notMultiple.key()).isEqualTo("microBatch");
        assertThat(notMultiple.getMessage()).contains("multiple of pipeline 8");
        WorkloadError oddDualPipe = invalid(plan(8, 2, 1, 1, 8, 1, 1, Schedule.DUALPIPE), llama,
                Models.cluster(Models.h800(), 16), new TrainingShape(8192, 40));
        assertThat(oddDualPipe.key()).isEqualTo("microBatch");
        assertThat(oddDualPipe.getMessage()).contains("even number of micro-batches", "give 5");
        WorkloadError odd = invalid(plan(1, 5, 1, 1, 1, 1, 1, Schedule.DUALPIPE), llama,
                new ClusterConfig(Models.h800(), DEEPSEEK_CLUSTER.node(), 1, 5), step);
        assertThat(odd.key()).isEqualTo("pipeline");
        assertThat(odd.getMessage()).contains("even number of pipeline ranks");
    }

    @Test
    void dualPipeNeedsAnEvenNumberOfAtLeastTwicePipelineMicroBatches() {
        // 120 sequences per replica in micro-batches of 4 give 30 < 2 x 16
        WorkloadError tooFew = invalidForDeepSeek(plan(1, 16, 1, 64, 128, 1, 4, Schedule.DUALPIPE));
        assertThat(tooFew.key()).isEqualTo("microBatch");
        assertThat(tooFew.getMessage()).contains("at least 2 x pipeline = 32", "give 30");
        assertThat(tooFew.hint()).contains("use microBatch: one of 1, 2, 3");
        // 120 / 8 = 15: not a whole split at all
        WorkloadError split = invalidForDeepSeek(plan(1, 16, 1, 64, 128, 1, 7, Schedule.DUALPIPE));
        assertThat(split.getMessage()).contains("120 sequences per replica", "do not split into micro-batches of 7");
    }

    @Test
    void batchContextAndCommSms() {
        WorkloadError batch = invalid(plan(1, 16, 1, 64, 128, 1, 1, Schedule.DUALPIPE), Models.deepSeekV3(),
                DEEPSEEK_CLUSTER, new TrainingShape(4096, 15000));
        assertThat(batch.key()).isEqualTo("data");
        assertThat(batch.getMessage()).contains("global batch 15000 sequences does not divide evenly over data 128");
        WorkloadError context = invalid(plan(1, 16, 1, 64, 32, 4, 1, Schedule.ONE_F_ONE_B), Models.deepSeekV3(),
                DEEPSEEK_CLUSTER, new TrainingShape(4100, 15360));
        assertThat(context.key()).isEqualTo("context");
        ParallelPlan greedy = new ParallelPlan(1, 16, 1, 64, 128, 1, 1, 1, Schedule.DUALPIPE, Recompute.SELECTIVE,
                Precision.FP8, OptimizerMoments.BF16, 132);
        WorkloadError sms = invalidForDeepSeek(greedy);
        assertThat(sms.key()).isEqualTo("commSms");
        assertThat(sms.getMessage()).contains("132 SMs");
    }

    @Test
    void pipelineLayoutCoversEveryUnitOnceAndBalances() {
        ModelShape v3 = Models.deepSeekV3();
        PipelineLayout layout = PipelineLayout.of(v3, Models.deepSeekPlan());
        assertThat(layout.chunks()).extracting(PipelineLayout.Chunk::units)
                .containsExactly(3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3);
        assertThat(layout.chunks().get(15).mtpModules(v3)).isEqualTo(1);
        // DualPipe: rank r holds stage r and stage 15 - r, so every stage is held by exactly two ranks
        int[] holders = new int[16];
        for (int r = 0; r < 16; r++) {
            for (PipelineLayout.Chunk c : layout.chunksOfRank(r)) {
                holders[c.index()]++;
            }
        }
        assertThat(holders).containsOnly(2);
        for (int layers = 1; layers <= 40; layers++) {
            ModelShape m = Models.megatronGpt(8, 512, layers);
            for (int pipeline = 1; pipeline <= layers; pipeline++) {
                ParallelPlan p = new ParallelPlan(1, pipeline, 1, 1, 1, 1, 0, 1, Schedule.ONE_F_ONE_B,
                        Recompute.NONE, Precision.BF16, OptimizerMoments.FP32, 0);
                PipelineLayout l = PipelineLayout.of(m, p);
                int next = 0;
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (PipelineLayout.Chunk c : l.chunks()) {
                    assertThat(c.firstUnit()).isEqualTo(next);
                    next += c.units();
                    min = Math.min(min, c.units());
                    max = Math.max(max, c.units());
                }
                assertThat(next).isEqualTo(layers);
                assertThat(max - min).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void inFlightActivationsPerSchedule() {
        // 1F1B: stage r holds pipeline - r micro-batches (DualPipe README table: PP on the first stage)
        assertThat(Schedule.ONE_F_ONE_B.inFlightChunkMicroBatches(0, 8, 1, 64)).isEqualTo(8);
        assertThat(Schedule.ONE_F_ONE_B.inFlightChunkMicroBatches(7, 8, 1, 64)).isEqualTo(1);
        assertThat(Schedule.ONE_F_ONE_B.inFlightChunkMicroBatches(0, 8, 1, 3)).isEqualTo(3);
        assertThat(Schedule.GPIPE.inFlightChunkMicroBatches(3, 8, 1, 64)).isEqualTo(64);
        assertThat(Schedule.DUALPIPE.inFlightChunkMicroBatches(5, 16, 1, 120)).isEqualTo(17);
        // interleaved, rank 0: pipeline x (1 + (pipeline - 1) / (pipeline x v)) stages' worth, in chunks of 1/v
        int p = 8;
        int v = 4;
        double stages = p * (1 + (p - 1) / (double) (p * v));
        assertThat(Schedule.INTERLEAVED_1F1B.inFlightChunkMicroBatches(0, p, v, 64)).isEqualTo(Math.round(stages * v));
        assertThatThrownBy(() -> new ParallelPlan(0, 1, 1, 1, 1, 1, 0, 1, Schedule.GPIPE, Recompute.NONE,
                Precision.BF16, OptimizerMoments.FP32, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

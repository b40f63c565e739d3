package org.clustersim.scenario.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.List;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.workload.WorkloadCheck;
import org.clustersim.step.AttentionKernel;
import org.clustersim.step.ChunkWork;
import org.clustersim.step.ChunkWorkModel;
import org.clustersim.workload.ComputeModel;
import org.clustersim.workload.FlopCounter;
import org.clustersim.workload.LayerOps;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.Op;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.PipelineLayout;
import org.clustersim.workload.TrainingShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backward rules of a chunk's work on DeepSeek-V3's published plan: FlashAttention's backward at 2.5x its forward,
 * and selective recomputation re-running exactly what the memory model drops (norms, the activation function, the MLA
 * up-projections), whose GEMMs are the FLOP counter's recompute term.
 */
class ChunkWorkRulesTest {

    static ModelShape model;
    static ParallelPlan plan;
    static TrainingShape training;
    static ComputeModel compute;
    static Scenario scenario;

    @BeforeAll
    static void load() {
        ScenarioLoader loader = new ScenarioLoader();
        scenario = loader.load(Path.of("validation", "deepseek-v3-2048xH800.yaml"), List.of());
        WorkloadCheck.Result workload = new WorkloadCheck(loader.catalog()).check(scenario);
        model = workload.model();
        plan = workload.plans().get(0).plan();
        training = workload.plans().get(0).training();
        compute = new ComputeModel(scenario.cluster().gpu(), EfficiencyCatalog.calibrated(), plan.commSms());
    }

    private static ChunkWork work(int chunk, AttentionKernel kernel) {
        return new ChunkWorkModel(model, plan, training, compute,
                StepCommunications.analytical(scenario.cluster(), model, plan), kernel).work(chunk, 1.0);
    }

    @Test
    void flashAttentionsBackwardIsTwoAndAHalfForwards() {
        PipelineLayout.Chunk chunk = PipelineLayout.of(model, plan).chunks().get(5);
        double forward = 0;
        for (int unit = chunk.firstUnit(); unit < chunk.firstUnit() + chunk.units(); unit++) {
            for (Op op : LayerOps.forward(model, plan, training, unit)) {
                if (op instanceof Op.Attention) {
                    forward += compute.timeSeconds(op);
                }
            }
        }
        assertThat(forward).isPositive();
        assertThat(work(5, AttentionKernel.FLASH).computeByKind().get("attention"))
                .isCloseTo(3.5 * forward, offset(1e-12));
        assertThat(AttentionKernel.MATERIALIZED.backwardOverForward()).isEqualTo(2.0);
    }

    @Test
    void selectiveRecomputeReRunsWhatTheMemoryModelDropsAndItsGemmsAreTheFlopCountersTerm() {
        PipelineLayout.Chunk chunk = PipelineLayout.of(model, plan).chunks().get(5);
        double recomputed = 0;
        for (int unit = chunk.firstUnit(); unit < chunk.firstUnit() + chunk.units(); unit++) {
            LayerOps.Split split = LayerOps.forwardSplit(model, plan, training, unit);
            assertThat(split.shared()).containsAll(split.selectiveRecompute());
            assertThat(split.selectiveRecompute()).noneMatch(op -> op instanceof Op.Attention);
            for (Op op : split.selectiveRecompute()) {
                recomputed += compute.timeSeconds(op);
            }
        }
        assertThat(work(5, AttentionKernel.FLASH).computeByKind().get("recompute"))
                .isCloseTo(recomputed, offset(1e-12));

        long tokens = plan.tokensPerMicroBatchPerRank(training);
        double gemmFlops = 0;
        for (int layer = 0; layer < model.layers(); layer++) {
            for (Op op : LayerOps.forwardSplit(model, plan, training, layer).selectiveRecompute()) {
                if (op instanceof Op.Gemm) {
                    gemmFlops += op.flops();
                }
            }
        }
        double counted = FlopCounter.perToken(model, training.sequenceLength()).latentUpProjectionForward();
        assertThat(gemmFlops / tokens).isCloseTo(counted, offset(counted * 1e-9));
    }

    /**
     * DeepSeek-V3's MTP module predicts through the shared output head (tech report §2.2), so the last chunk, which
     * holds the main head and the MTP module, runs the head twice; a middle chunk not at all. The FLOP
     * counter counts the same two heads.
     */
    @Test
    void theMtpModuleRunsTheSharedHeadOnceMore() {
        List<PipelineLayout.Chunk> chunks = PipelineLayout.of(model, plan).chunks();
        PipelineLayout.Chunk last = chunks.get(chunks.size() - 1);
        assertThat(last.hasHead()).isTrue();
        assertThat(last.mtpModules(model)).isEqualTo(1);
        double onePass = 0; // forward, input-gradient and weight-gradient GEMMs; the loss forward and backward
        for (Op op : LayerOps.head(model, plan, training)) {
            onePass += (op instanceof Op.Gemm ? 3 : 2) * compute.timeSeconds(op);
        }
        assertThat(onePass).isPositive();
        assertThat(work(last.index(), AttentionKernel.FLASH).computeByKind().get("head"))
                .isCloseTo(2 * onePass, offset(1e-12));

        assertThat(work(5, AttentionKernel.FLASH).computeByKind()).doesNotContainKey("head");

        FlopCounter.FlopsPerToken flops = FlopCounter.perToken(model, training.sequenceLength());
        double headGemmFlopsPerToken = 2.0 * model.hidden() * model.vocab();
        assertThat(flops.headForward()).isCloseTo(headGemmFlopsPerToken, offset(1.0));
        assertThat(flops.mtpGemmForward()).isGreaterThan(headGemmFlopsPerToken);
    }
}

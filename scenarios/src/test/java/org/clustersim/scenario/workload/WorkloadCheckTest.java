package org.clustersim.scenario.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.RankMemory;
import org.clustersim.workload.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadCheckTest {

    static final Path DEEPSEEK = Path.of("examples", "deepseek-v3-2048xH800.yaml");
    private static final double GIB = 1L << 30;

    @TempDir
    Path dir;

    private final ScenarioLoader loader = new ScenarioLoader();
    private final WorkloadCheck check = new WorkloadCheck(loader.catalog());

    private ScenarioError failure(Path file, String... overrides) {
        Throwable t = catchThrowable(() -> check.check(loader.load(file, List.of(overrides))));
        assertThat(t).isInstanceOf(ScenarioError.class);
        System.out.println(((ScenarioError) t).userMessage());
        return (ScenarioError) t;
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void deepSeekExampleResolvesAndFits() {
        WorkloadCheck.Result result = check.check(loader.load(DEEPSEEK, List.of()));
        assertThat(result.model().id()).isEqualTo("deepseek-v3");
        assertThat(result.plans()).extracting(WorkloadCheck.PhasePlan::phase)
                .contains("pre-training", "context-32k", "context-128k");
        // the context-extension phases run on their own (assumed) plans, and those fit too
        assertThat(result.plans()).filteredOn(pp -> pp.memory() != null)
                .allSatisfy(pp -> assertThat(pp.memory().fits()).as(pp.phase()).isTrue());
        WorkloadCheck.PhasePlan p = result.plans().stream().filter(pp -> "pre-training".equals(pp.phase()))
                .findFirst().orElseThrow();
        ParallelPlan plan = p.plan();
        assertThat(plan.pipeline()).isEqualTo(16);
        assertThat(plan.expert()).isEqualTo(64);
        assertThat(plan.data()).isEqualTo(128);
        assertThat(plan.schedule()).isEqualTo(Schedule.DUALPIPE);
        assertThat(plan.commSms()).isEqualTo(20);
        assertThat(p.training().globalBatch()).isEqualTo(15360);
        RankMemory peak = p.memory().peak();
        System.out.printf(Locale.ROOT, "DeepSeek-V3 example: peak %.1f GiB on pipeline rank %d of %.1f GiB%n",
                peak.totalBytes() / GIB, peak.pipelineRank(), p.memory().capacityBytes() / GIB);
        assertThat(p.memory().fits()).isTrue();
    }

    @Test
    void absentPlanKeysTakeTheirDefaultsAndDataIsDerived() throws Exception {
        Path file = write("name: t\ncluster:\n  gpu: H100\n  nodes: 4\nmodel: llama3-8b\nparallelism:\n  tensor: 2\n"
                + "training:\n  phases:\n    - name: p\n      sequenceLength: 8192\n      globalBatch: 64\n");
        // (data parallelism without ZeRO does not fit Llama 3 8B's optimizer state: checked elsewhere)
        WorkloadCheck.Result result = check.resolve(loader.load(file, List.of()), false);
        ParallelPlan plan = result.plans().get(0).plan();
        assertThat(plan).isEqualTo(new ParallelPlan(2, 1, 1, 1, 16, 1, 0, 1, Schedule.ONE_F_ONE_B,
                org.clustersim.workload.Recompute.NONE, org.clustersim.workload.Precision.BF16,
                org.clustersim.workload.OptimizerMoments.FP32, 0));
    }

    @Test
    void invalidPlansAreLocatedAtTheKeyThatCausedThem() {
        ScenarioError experts = failure(DEEPSEEK, "parallelism.expert=48");
        assertThat(experts.location().source()).isEqualTo("--set parallelism.expert=48");
        assertThat(experts.getMessage()).contains("256 routed experts do not divide evenly over expert 48");
        ScenarioError data = failure(DEEPSEEK, "parallelism.data=100");
        assertThat(data.hint()).contains("set data: 128");
        ScenarioError micro = failure(DEEPSEEK, "parallelism.microBatch=4");
        assertThat(micro.getMessage()).contains("dualpipe needs an even number of micro-batches");
        ScenarioError stages = failure(DEEPSEEK, "parallelism.pipeline=128", "parallelism.data=16",
                "parallelism.expert=16");
        assertThat(stages.getMessage()).contains("only 61 layers");
        // a key the file does not set points at the parallelism section
        ScenarioError virtual = failure(DEEPSEEK, "parallelism.schedule=interleaved-1f1b");
        assertThat(virtual.getMessage()).contains("interleaved-1f1b needs virtualStages >= 2");
        assertThat(virtual.location().line()).isEqualTo(24);
    }

    @Test
    void overlapAndLayoutMistakesAreLocatedAtTheirKeys() {
        ScenarioError dualpipe = failure(DEEPSEEK, "parallelism.overlapForwardBackward=true");
        assertThat(dualpipe.location().source()).isEqualTo("--set parallelism.overlapForwardBackward=true");
        assertThat(dualpipe.getMessage()).contains("dualpipe always overlaps");
        ScenarioError plainPipeline = failure(DEEPSEEK, "parallelism.schedule=1f1b",
                "parallelism.overlapForwardBackward=true");
        assertThat(plainPipeline.getMessage()).contains("needs virtual stages");
        assertThat(plainPipeline.hint()).contains("interleaved-1f1b");
        ScenarioError gpipe = failure(DEEPSEEK, "parallelism.schedule=gpipe",
                "parallelism.overlapForwardBackward=true");
        assertThat(gpipe.getMessage()).contains("no steady-state forward-backward pairs");
        ScenarioError layout = failure(DEEPSEEK, "parallelism.pipelineLayout=Et*4|(t*4|)*14t*3mL");
        assertThat(layout.location().source()).isEqualTo("--set parallelism.pipelineLayout=Et*4|(t*4|)*14t*3mL");
        assertThat(layout.getMessage()).contains("holds 63 layers and 1 MTP modules, the model 61 and 1");
    }

    @Test
    void theNemoValidationPlanResolvesWithItsLayoutAndOverlappedPairs() {
        WorkloadCheck.Result result = check.check(loader.load(
                Path.of("validation", "nemo-deepseek-v3-1024xH100.yaml"), List.of()));
        ParallelPlan plan = result.plans().get(0).plan();
        assertThat(plan.schedule()).isEqualTo(Schedule.INTERLEAVED_1F1B);
        assertThat(plan.overlapPairs()).isTrue();
        assertThat(plan.pipelineLayout()).isEqualTo("Et|(tt|)*30mL");
        assertThat(result.plans().get(0).memory().fits()).isTrue();
    }

    @Test
    void dataParallelGpt3DoesNotFitAndTheErrorNamesRankNeedCapacityAndKnobs() throws Exception {
        Path file = write("name: gpt3-dp\ncluster:\n  gpu: A100-80GB\n  node: dgx-a100\n  nodes: 8\n"
                + "model: gpt3-175b\nparallelism:\n  data: 64\ntraining:\n  phases:\n    - name: pre-training\n"
                + "      sequenceLength: 2048\n      globalBatch: 1536\n");
        ScenarioError e = failure(file);
        assertThat(e.location().line()).isEqualTo(8);
        assertThat(e.getMessage()).contains("plan does not fit in GPU memory", "pipeline rank 0 (global rank 0",
                "but a A100-80GB has 80.0 GiB", "(phase 'pre-training')");
        assertThat(e.hint()).contains("would fit with", "zero: 3", "knobs:");
        // resolving without the fit requirement still gives the memory to show
        WorkloadCheck.Result result = check.resolve(loader.load(file, List.of()), false);
        assertThat(result.plans().get(0).memory().fits()).isFalse();
        assertThat(catchThrowable(result::requireFits)).isInstanceOf(ScenarioError.class);
    }

    @Test
    void aPhaseOwnPlanOverlaysTheMainOneAndIsLocatedThere() throws Exception {
        Path file = write("name: t\ncluster:\n  gpu: H800\n  nodes: 256\nmodel: deepseek-v3\nparallelism:\n"
                + "  pipeline: 16\n  expert: 64\n  zero: 1\n  schedule: dualpipe\n  recompute: selective\n"
                + "  precision: fp8\n  optimizerMoments: bf16\ntraining:\n  phases:\n"
                + "    - name: pre-training\n      sequenceLength: 4096\n      globalBatch: 15360\n"
                + "    - name: long\n      sequenceLength: 32768\n      globalBatch: 1920\n      parallelism:\n"
                + "        microBatch: 3\n");
        ScenarioError e = failure(file);
        assertThat(e.location().line()).isEqualTo(23);
        assertThat(e.getMessage()).contains("15 sequences per replica");
        // without the bad micro-batch the long phase checks with the main plan's other keys
        ScenarioError memory = failure(file, "training.phases[1].parallelism.microBatch=1");
        assertThat(memory.getMessage()).contains("dualpipe needs an even number of micro-batches");
    }

    @Test
    void scenariosWithoutModelOrPlanAreLeftAlone() {
        WorkloadCheck.Result minimal = check.check(loader.load(Path.of("examples", "minimal.yaml"), List.of()));
        assertThat(minimal.model()).isNull();
        assertThat(minimal.plans()).isEmpty();
    }
}

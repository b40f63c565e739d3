package org.clustersim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.step.EfficiencyCatalog;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.StepOptions;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' inputs still load and simulate what the benchmarks say they measure: shipped scenarios change (the
 * DeepSeek example gained a batch ramp and context phases), and a benchmark that fails in its setup reports nothing.
 */
class BenchmarkInputsTest {

    @Test
    void stepBenchmarkSimulatesOneDeepSeekStepAtBothSizes() {
        for (int gpus : List.of(2048, 50176)) {
            StepBenchmark bench = new StepBenchmark();
            bench.gpus = gpus;
            bench.load();
            double seconds = bench.symmetric();
            // the published step is 19.926 s; the larger cluster keeps 120 micro-batches per replica
            assertThat(seconds).as(gpus + " GPUs").isBetween(15.0, 25.0);
        }
        var steps = new StepRunner(new ScenarioLoader().catalog(), EfficiencyCatalog.calibrated())
                .run(new ScenarioLoader().load(RepoFiles.path(StepBenchmark.ONE_STEP), List.of()),
                        StepOptions.BALANCED);
        assertThat(steps.phases()).as("one phase, no ramp slices").hasSize(1);
    }

    @Test
    void sweepAndOptimizeInputsAreThere() {
        ScenarioLoader loader = new ScenarioLoader();
        assertThat(loader.load(SweepBenchmark.BASE, List.of()).spec().value().name())
                .isEqualTo("deepseek-v3-2048xH800");
        assertThat(SweepBenchmark.SWEEP).exists();
        assertThat(RepoFiles.path("scenarios/examples/moe-16xH100-optimize.yaml")).exists();
    }
}

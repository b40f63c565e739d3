package org.clustersim.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.step.EfficiencyCatalog;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.StepOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One DeepSeek-V3 step (PP16 DualPipe, EP64, ZeRO-1, FP8; 120 micro-batches per replica) on 2,048 H800 and on a
 * 50,176-GPU cluster (DP 3,136, batch scaled to keep 120 micro-batches), simulated with one replica per pipeline stage
 * ({@code symmetric}) and with every replica ({@code full}), side by side. Run from the repository root (it reads
 * {@code scenarios/validation/deepseek-v3-2048xH800.yaml}, the shipped example with one phase).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class StepBenchmark {

    /**
     * DeepSeek-V3's validation scenario: the shipped example's cluster, model and plan with one phase (the example's
     * batch ramp and context-extension phases would make "one step" eleven).
     */
    static final String ONE_STEP = "scenarios/validation/deepseek-v3-2048xH800.yaml";

    @Param({"2048", "50176"})
    public int gpus;

    private Scenario scenario;
    private StepRunner runner;

    @Setup
    public void load() {
        ScenarioLoader loader = new ScenarioLoader();
        List<String> overrides = gpus == 2048 ? List.of()
                : List.of("cluster.nodes=" + gpus / 8, "parallelism.data=" + gpus / 16,
                        "training.phases[0].globalBatch=" + gpus / 16 * 120, "cluster.network.topology=fat-tree-3");
        scenario = loader.load(RepoFiles.path(ONE_STEP), overrides);
        runner = new StepRunner(loader.catalog(), EfficiencyCatalog.calibrated());
    }

    @Benchmark
    public double symmetric() {
        return runner.run(scenario, StepOptions.BALANCED).phases().get(0).step().timeSeconds();
    }

    @Benchmark
    public double full() {
        return runner.run(scenario, StepOptions.BALANCED.withFull(true)).phases().get(0).step().timeSeconds();
    }
}

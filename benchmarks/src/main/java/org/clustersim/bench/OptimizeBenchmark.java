package org.clustersim.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.optimize.Objective;
import org.clustersim.scenario.optimize.OptimizeTarget;
import org.clustersim.scenario.optimize.PlanOptimizer;
import org.clustersim.scenario.optimize.PlanPruner;
import org.clustersim.scenario.optimize.SearchSpace;
import org.clustersim.scenario.step.EfficiencyCatalog;
import org.clustersim.scenario.step.StepCommunications;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepSimulator;
import org.clustersim.workload.ComputeModel;
import org.clustersim.workload.MemoryModel;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.Recompute;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code clustersim optimize} on the small MoE example (Mixtral shapes with 8 layers on 16 H100, default space:
 * 65,280 plans, 15,130 valid) against the baseline it replaces: check every plan (no shared verdicts, no inferred
 * memory) and simulate every valid plan in full, keeping the best. Both single-threaded, both return the best step
 * time (they must agree). Run from the repository root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class OptimizeBenchmark {

    private Scenario scenario;
    private OptimizeTarget target;

    @Setup
    public void load() {
        ScenarioLoader loader = new ScenarioLoader();
        scenario = loader.load(RepoFiles.path("scenarios/examples/moe-16xH100-optimize.yaml"), List.of());
        target = OptimizeTarget.of(scenario, loader.catalog(), null);
    }

    /** Enumerate, prune, screen by the bound, simulate until the top 10 is proven (default settings, 1 thread). */
    @Benchmark
    public double optimize() {
        PlanOptimizer.Settings settings = new PlanOptimizer.Settings(Objective.TIME, SearchSpace.Limits.DEFAULT, 10,
                20, 2000, 0.05, 1);
        return new PlanOptimizer(EfficiencyCatalog.calibrated(), settings, PlanOptimizer.Progress.NONE)
                .optimize(List.of(target)).simulated().get(0).step().timeSeconds();
    }

    /** The baseline: every plan checked in full, every valid plan simulated in full. */
    @Benchmark
    public double exhaustive() {
        SearchSpace space = SearchSpace.of(target.model(), target.cluster(), target.training(), target.fixed(),
                SearchSpace.Limits.DEFAULT);
        PlanPruner pruner = new PlanPruner(target.model(), target.cluster(), target.training(), new MemoryModel());
        int gpus = target.gpus();
        double best = Double.POSITIVE_INFINITY;
        for (int tensor : space.tensor()) {
            for (int context : space.context()) {
                for (int pipeline : space.pipeline()) {
                    if (gpus % (tensor * context * pipeline) != 0) {
                        continue;
                    }
                    int data = gpus / (tensor * context * pipeline);
                    for (SearchSpace.ScheduleChoice schedule : space.schedulesFor(pipeline)) {
                        for (int expert : space.expert()) {
                            for (int micro : space.microBatch()) {
                                for (int zero : space.zero()) {
                                    for (Recompute recompute : space.recompute()) {
                                        ParallelPlan plan = space.plan(tensor, pipeline, schedule, expert, data,
                                                context, zero, micro, recompute);
                                        if (pruner.check(plan).valid()) {
                                            best = Math.min(best, simulate(plan));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return best;
    }

    private double simulate(ParallelPlan plan) {
        StepOptions options = StepRunner.optionsFor(scenario, target.model(), plan, StepOptions.BALANCED);
        ComputeModel compute = new ComputeModel(target.cluster().gpu(), EfficiencyCatalog.calibrated(),
                plan.commSms());
        return new StepSimulator(target.model(), plan, target.training(), target.cluster(), compute,
                StepCommunications.forScenario(scenario, target.model(), plan)).simulate(options).timeSeconds();
    }
}

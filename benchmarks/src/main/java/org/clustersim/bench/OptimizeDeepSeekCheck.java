package org.clustersim.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.optimize.Objective;
import org.clustersim.scenario.optimize.OptimizeResult;
import org.clustersim.scenario.optimize.OptimizeTarget;
import org.clustersim.scenario.optimize.PlanOptimizer;
import org.clustersim.scenario.optimize.SearchSpace;
import org.clustersim.scenario.step.EfficiencyCatalog;
import org.clustersim.scenario.step.StepCommunications;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepSimulator;
import org.clustersim.workload.ComputeModel;
import org.clustersim.workload.ParallelPlan;

/**
 * The DeepSeek-V3 check of {@code clustersim optimize}: where the published PP16/EP64/DualPipe plan ranks among every
 * plan of the default space on 2,048 H800, how long the search takes, and what simulating every valid plan instead
 * would cost. Exhaustive simulation of ~90,000 DeepSeek steps is too long to run here, so that baseline is measured on
 * a seeded random sample of the valid plans (the top plans are included in neither the sample nor its selection) and
 * scaled to all of them: an estimate, labelled so. Run from the repository root:
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.clustersim.bench.OptimizeDeepSeekCheck [threads] [sample]</pre>
 */
public final class OptimizeDeepSeekCheck {

    private OptimizeDeepSeekCheck() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int sample = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        ScenarioLoader loader = new ScenarioLoader();
        Scenario scenario = loader.load(RepoFiles.path("scenarios/examples/deepseek-v3-2048xH800.yaml"), List.of());
        OptimizeTarget target = OptimizeTarget.of(scenario, loader.catalog(), null);
        PlanOptimizer.Settings settings = new PlanOptimizer.Settings(Objective.TIME, SearchSpace.Limits.DEFAULT, 10,
                20, 2000, 0.05, threads);
        long start = System.nanoTime();
        OptimizeResult r = new PlanOptimizer(EfficiencyCatalog.calibrated(), settings, PlanOptimizer.Progress.NONE)
                .optimize(List.of(target));
        double optimizeSeconds = (System.nanoTime() - start) / 1e9;
        OptimizeResult.OwnPlan own = r.own();
        System.out.printf(Locale.ROOT, "optimize: %,d plans, %,d valid, %,d simulated, top %s, %.1f s on %d threads "
                        + "(enumerate %.1f, screen %.1f, simulate %.1f)%n", r.spaces().get(0).size(),
                r.spaces().get(0).valid(), r.simulated().size(), r.topExact() ? "exact" : "NOT proven",
                optimizeSeconds, threads, r.timings().enumerateSeconds(), r.timings().screenSeconds(),
                r.timings().simulateSeconds());
        System.out.printf(Locale.ROOT, "#1: %s, %.3f s%n", r.simulated().get(0).plan().describe(),
                r.simulated().get(0).step().timeSeconds());
        System.out.printf(Locale.ROOT, "published plan: %s, %.3f s, rank %,d%s of %,d (%+.1f%% vs #1)%n",
                own.plan().describe(), own.evaluated().step().timeSeconds(), own.rank(),
                own.rank() == own.rankUpTo() ? "" : " to " + own.rankUpTo(), own.outOf(),
                100 * (own.evaluated().step().timeSeconds() / r.simulated().get(0).step().timeSeconds() - 1));

        // the baseline, sampled: full simulations of random valid plans, one thread
        List<ParallelPlan> valid = new ArrayList<>();
        SearchSpace space = r.spaces().get(0).space();
        var pruner = new org.clustersim.scenario.optimize.PlanPruner(target.model(), target.cluster(),
                target.training(), new org.clustersim.workload.MemoryModel());
        SplittableRandom random = new SplittableRandom(7);
        while (valid.size() < sample) {
            int tensor = pick(random, space.tensor());
            int context = pick(random, space.context());
            int pipeline = pick(random, space.pipeline());
            if (target.gpus() % (tensor * context * pipeline) != 0) {
                continue;
            }
            ParallelPlan plan = space.plan(tensor, pipeline, pick(random, space.schedulesFor(pipeline)),
                    pick(random, space.expert()), target.gpus() / (tensor * context * pipeline), context,
                    pick(random, space.zero()), pick(random, space.microBatch()), pick(random, space.recompute()));
            if (pruner.check(plan).valid()) {
                valid.add(plan);
            }
        }
        long simStart = System.nanoTime();
        for (ParallelPlan plan : valid) {
            StepOptions options = StepRunner.optionsFor(scenario, target.model(), plan, StepOptions.BALANCED);
            ComputeModel compute = new ComputeModel(target.cluster().gpu(), EfficiencyCatalog.calibrated(),
                    plan.commSms());
            new StepSimulator(target.model(), plan, target.training(), target.cluster(), compute,
                    StepCommunications.forScenario(scenario, target.model(), plan)).simulate(options);
        }
        double perPlan = (System.nanoTime() - simStart) / 1e9 / sample;
        double exhaustive = perPlan * r.spaces().get(0).valid();
        System.out.printf(Locale.ROOT, "exhaustive (estimated): %.1f ms per full simulation over %d sampled valid plans "
                + "x %,d valid = %.0f s on one thread (%.0f s on %d threads if perfectly parallel); optimize is "
                + "%.0fx faster than that on the same threads%n", perPlan * 1e3, sample, r.spaces().get(0).valid(),
                exhaustive, exhaustive / threads, threads, exhaustive / threads / optimizeSeconds);
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}

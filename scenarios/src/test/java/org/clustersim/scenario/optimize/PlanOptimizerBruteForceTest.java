package org.clustersim.scenario.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.step.EfficiencyCatalog;
import org.clustersim.scenario.step.StepCommunications;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepResult;
import org.clustersim.step.StepSimulator;
import org.clustersim.workload.ComputeModel;
import org.clustersim.workload.MemoryModel;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.Recompute;
import org.clustersim.workload.Schedule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Brute force on a small case: every plan of the space is checked without the optimizer's shortcuts (no shared rule
 * verdicts, no inferred memory) and every valid plan is simulated in full, the way {@code clustersim run} simulates a
 * step. The optimizer must find the same optimum and the same top 10, prune the same plans for the same reasons, rank
 * the scenario's plan where brute force does, and its screen must never exceed a simulated step.
 */
class PlanOptimizerBruteForceTest {

    static final Path SMALL = Path.of("examples", "moe-16xH100-optimize.yaml");
    static final SearchSpace.Limits LIMITS = new SearchSpace.Limits(2, 2, 1024, SearchSpace.Limits.DEFAULT
            .schedules());

    record Simulated(ParallelPlan plan, double stepSeconds, double objective) {
    }

    static OptimizeTarget target;
    static OptimizeResult result;
    static List<Simulated> all = new ArrayList<>();
    static Map<String, Long> reasons = new TreeMap<>();
    static long plans;

    @BeforeAll
    static void bruteForce() {
        ScenarioLoader loader = new ScenarioLoader();
        Scenario scenario = loader.load(SMALL, List.of());
        target = OptimizeTarget.of(scenario, loader.catalog(), null);
        PlanOptimizer.Settings settings = new PlanOptimizer.Settings(Objective.TIME, LIMITS, 10, 20, 100_000, 0.05,
                2);
        result = new PlanOptimizer(EfficiencyCatalog.calibrated(), settings, PlanOptimizer.Progress.NONE)
                .optimize(List.of(target));

        SearchSpace space = SearchSpace.of(target.model(), target.cluster(), target.training(), target.fixed(),
                LIMITS);
        PlanPruner pruner = new PlanPruner(target.model(), target.cluster(), target.training(), new MemoryModel());
        int gpus = target.gpus();
        List<ParallelPlan> valid = new ArrayList<>();
        for (int tensor : space.tensor()) {
            for (int context : space.context()) {
                for (int pipeline : space.pipeline()) {
                    for (SearchSpace.ScheduleChoice schedule : space.schedulesFor(pipeline)) {
                        for (int expert : space.expert()) {
                            for (int micro : space.microBatch()) {
                                for (int zero : space.zero()) {
                                    for (Recompute recompute : space.recompute()) {
                                        plans++;
                                        if (gpus % (tensor * context * pipeline) != 0) {
                                            reasons.merge(PlanPruner.degreesReason().label(), 1L, Long::sum);
                                            continue;
                                        }
                                        ParallelPlan plan = space.plan(tensor, pipeline, schedule, expert,
                                                gpus / (tensor * context * pipeline), context, zero, micro,
                                                recompute);
                                        PlanPruner.Verdict v = pruner.check(plan);
                                        if (!v.valid()) {
                                            reasons.merge(v.reason().label(), 1L, Long::sum);
                                            continue;
                                        }
                                        valid.add(plan);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // every valid plan in full (in parallel: each simulation is pure)
        all = new ArrayList<>(valid.parallelStream().map(plan -> {
            double step = simulateAsRunDoes(scenario, plan).timeSeconds();
            return new Simulated(plan, step, Objective.TIME.value(target, step));
        }).toList());
        all.sort(Comparator.comparingDouble(Simulated::objective));
    }

    /** One step as {@link StepRunner} simulates a phase: the scenario's options, communication model and compute. */
    static StepResult simulateAsRunDoes(Scenario scenario, ParallelPlan plan) {
        var model = target.model();
        StepOptions options = StepRunner.optionsFor(scenario, model, plan, StepOptions.BALANCED);
        ComputeModel compute = new ComputeModel(scenario.cluster().gpu(), EfficiencyCatalog.calibrated(),
                plan.commSms());
        return new StepSimulator(model, plan, target.training(), scenario.cluster(), compute,
                StepCommunications.forScenario(scenario, model, plan)).simulate(options);
    }

    @Test
    void findsTheExhaustiveOptimumAndTopTen() {
        System.out.printf("brute force: %d plans, %d valid, all simulated; optimizer simulated %d%n", plans,
                all.size(), result.simulated().size());
        assertThat(all).hasSizeGreaterThan(1000); // a real search, not a handful
        assertThat(result.simulated().size()).isLessThan(all.size() / 2);
        assertThat(result.topExact()).isTrue();
        assertThat(result.simulated().get(0).objective()).isEqualTo(all.get(0).objective());
        List<Double> top = result.simulated().subList(0, 10).stream().map(OptimizeResult.Evaluated::objective)
                .toList();
        List<Double> exhaustive = all.subList(0, 10).stream().map(Simulated::objective).toList();
        assertThat(top).isEqualTo(exhaustive);
        // the winner is one of the plans brute force finds at the optimum
        ParallelPlan winner = result.simulated().get(0).plan();
        assertThat(all.stream().filter(s -> s.objective() == all.get(0).objective()).map(Simulated::plan))
                .contains(winner);
        System.out.println("optimum: " + winner.describe() + ", step " + all.get(0).stepSeconds() + " s");
    }

    @Test
    void prunesTheSamePlansForTheSameReasons() {
        long valid = result.spaces().get(0).valid();
        assertThat(result.spaces().get(0).size()).isEqualTo(plans);
        assertThat(valid).isEqualTo(all.size());
        Map<String, Long> optimizer = new TreeMap<>();
        result.pruned().forEach(p -> optimizer.put(p.label(), p.count()));
        assertThat(optimizer).isEqualTo(reasons);
        System.out.println("pruned by reason: " + reasons);
    }

    @Test
    void ranksTheScenarioPlanAsBruteForceDoes() {
        OptimizeResult.OwnPlan own = result.own();
        assertThat(own.evaluated()).isNotNull();
        double value = own.evaluated().objective();
        long better = all.stream().filter(s -> s.objective() < value).count();
        assertThat(own.rank()).isEqualTo(better + 1);
        assertThat(own.rankUpTo()).isEqualTo(own.rank());
        assertThat(own.outOf()).isEqualTo(all.size());
    }

    @Test
    void screenNeverExceedsTheSimulatedStep() {
        PlanEvaluator evaluator = new PlanEvaluator(target, EfficiencyCatalog.calibrated(), StepOptions.BALANCED);
        double tightest = 0;
        double loosest = 1;
        for (Simulated s : all) {
            double bound = evaluator.lowerBoundSeconds(s.plan());
            assertThat(bound).as(s.plan().describe()).isLessThanOrEqualTo(s.stepSeconds());
            tightest = Math.max(tightest, bound / s.stepSeconds());
            loosest = Math.min(loosest, bound / s.stepSeconds());
        }
        System.out.printf("bound / step over %d valid plans: %.3f to %.3f%n", all.size(), loosest, tightest);
        assertThat(tightest).isEqualTo(1.0); // exact somewhere (1F1B-like timelines)
    }

    /** The optimizer bounds recomputing plans by the same plan without recompute: the step must never fall. */
    @Test
    void recomputationNeverShortensTheStep() {
        Map<ParallelPlan, Double> byPlan = new HashMap<>();
        all.forEach(s -> byPlan.put(s.plan(), s.stepSeconds()));
        int compared = 0;
        for (Simulated s : all) {
            ParallelPlan p = s.plan();
            if (p.recompute() == Recompute.NONE) {
                continue;
            }
            Recompute less = p.recompute() == Recompute.FULL ? Recompute.SELECTIVE : Recompute.NONE;
            Double lighter = byPlan.get(new ParallelPlan(p.tensor(), p.pipeline(), p.virtualStages(), p.expert(),
                    p.data(), p.context(), p.zero(), p.microBatch(), p.schedule(), less, p.precision(),
                    p.optimizerMoments(), p.commSms()));
            if (lighter != null) {
                assertThat(s.stepSeconds()).as(p.describe()).isGreaterThanOrEqualTo(lighter);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }

    @Test
    void theBestPlanOfEachScheduleIsTheExhaustiveOne() {
        for (OptimizeResult.ScheduleBest best : result.bySchedule()) {
            if (best.best() == null || !best.exact()) {
                continue;
            }
            Schedule schedule = best.best().plan().schedule();
            double exhaustive = all.stream().filter(s -> s.plan().schedule() == schedule)
                    .mapToDouble(Simulated::objective).min().orElseThrow();
            assertThat(best.best().objective()).as(schedule.spelling()).isEqualTo(exhaustive);
        }
    }
}

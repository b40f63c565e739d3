package org.clustersim.scenario.optimize;

import java.util.List;
import java.util.Map;
import org.clustersim.step.StepResult;
import org.clustersim.workload.ParallelPlan;

/**
 * What {@code clustersim optimize} found.
 *
 * @param spaces           per GPU count searched, its space and size
 * @param pruned           plans pruned, by reason, most frequent first
 * @param screened         valid plans that were screened by the lower bound
 * @param simulated        every fully simulated plan, best first (ties in enumeration order)
 * @param top              how many plans the report ranks in full
 * @param topExact         whether no plan left unsimulated could enter the top ({@code remainingBelowTop} = 0)
 * @param remainingBelowTop unsimulated plans whose bound is below the last top plan's objective (0 when exact)
 * @param exactBound       whether the screen bounds the simulated step exactly (analytical communication)
 * @param own              the scenario's plan, ranked
 * @param bySchedule       the best plan of each schedule
 * @param lostBecause      simulated plans outside the top, counted by the part of the step they lose most on
 * @param tieFraction      relative difference below which the model cannot tell plans apart
 * @param tiesSimulated    simulated plans within tieFraction of the best (the best included)
 * @param tiesPossible     unsimulated plans whose bound is within tieFraction of the best (they might tie too)
 * @param refined          plans whose shared (no-recompute) bound was replaced by their own during the search
 */
public record OptimizeResult(String scenarioName, String phase, int sequenceLength, int globalBatch, double steps,
                             Objective objective, PlanOptimizer.Settings settings, List<SpaceSummary> spaces,
                             List<PrunedReason> pruned, long screened, List<Evaluated> simulated, int top,
                             boolean topExact, long remainingBelowTop, boolean exactBound, OwnPlan own,
                             List<ScheduleBest> bySchedule, Map<String, Long> lostBecause, double tieFraction,
                             long tiesSimulated, long tiesPossible, long refined, Timings timings) {

    public OptimizeResult {
        spaces = List.copyOf(spaces);
        pruned = List.copyOf(pruned);
        simulated = List.copyOf(simulated);
        bySchedule = List.copyOf(bySchedule);
        lostBecause = Map.copyOf(lostBecause);
    }

    /** The search space at one GPU count. */
    public record SpaceSummary(int gpus, String gpuId, SearchSpace space, long size, long valid) {
    }

    /** Plans pruned for one reason, with the first such plan and its check's message. */
    public record PrunedReason(String key, String label, long count, ParallelPlan examplePlan,
                               String exampleMessage) {
    }

    /**
     * A valid plan of one target, screened.
     *
     * @param order          position in enumeration order (deterministic tie-breaker)
     * @param peakBytes      the memory model's peak over pipeline ranks
     * @param peakBytes      the memory model's peak over pipeline ranks; NaN when the plan was only inferred to fit
     * @param boundSeconds   a lower bound on the step time: the plan's own ({@code ownBound}) or, until the search
     *                       needs better, that of the same plan without recomputation (recomputation only adds work)
     * @param objectiveBound the objective at that bound (a lower bound on the plan's objective)
     * @param outsideSpace   the scenario's own plan, added because the searched space does not contain it
     */
    public record Screened(OptimizeTarget target, ParallelPlan plan, long order, double peakBytes,
                           double capacityBytes, double boundSeconds, double objectiveBound, boolean ownBound,
                           boolean outsideSpace) {
    }

    /** A fully simulated plan. */
    public record Evaluated(Screened screened, StepResult step, double objective) {

        public ParallelPlan plan() {
            return screened.plan();
        }

        public OptimizeTarget target() {
            return screened.target();
        }
    }

    /**
     * The scenario's plan for the phase.
     *
     * @param problem    why it cannot be ranked (not resolvable, invalid, does not fit); empty otherwise
     * @param evaluated  its simulation, when valid
     * @param rank       1 + simulated plans strictly better
     * @param rankUpTo   rank + unsimulated plans that might still be better (= rank when exact)
     * @param outOf      valid plans ranked against
     */
    public record OwnPlan(ParallelPlan plan, String problem, Evaluated evaluated, long rank, long rankUpTo,
                          long outOf) {
    }

    /**
     * The best plan of one schedule: simulated ({@code best}, with its rank) or only bounded.
     *
     * @param bestBound        the lowest objective bound of the schedule's plans
     * @param bestBoundSeconds the step-time bound of that plan
     * @param exact            no unsimulated plan of the schedule has a bound below {@code best}'s objective
     */
    public record ScheduleBest(String schedule, long valid, Evaluated best, long bestRank, double bestBound,
                               double bestBoundSeconds, boolean exact) {
    }

    /**
     * Wall-clock seconds per stage, and the process's CPU seconds over the whole search (all threads, JIT and GC
     * included; NaN where the JVM does not report it), which says more than wall time on a shared machine.
     */
    public record Timings(double enumerateSeconds, double screenSeconds, double simulateSeconds, double totalSeconds,
                          double cpuSeconds, int threads) {
    }
}

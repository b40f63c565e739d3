package org.clustersim.scenario.optimize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.clustersim.error.UserError;
import org.clustersim.scenario.optimize.OptimizeResult.Evaluated;
import org.clustersim.scenario.optimize.OptimizeResult.Screened;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepResult;
import org.clustersim.workload.ComputeEfficiencyParameters;
import org.clustersim.workload.MemoryModel;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.Recompute;

/**
 * Searches parallelism plans: enumerate the {@link SearchSpace}, prune what cannot divide or fit ({@link PlanPruner},
 * counted by reason), screen every valid plan with a lower bound on its step time ({@link PlanEvaluator}), then
 * simulate plans in full, lowest bound first.
 *
 * <p><b>Why the result is exact.</b> The screen is a lower bound on the simulated step
 * ({@link org.clustersim.step.StepLowerBound}) and every objective is non-decreasing in the step time, so once the
 * lowest bound left is at or above the objective of the N-th best simulated plan, no plan left can enter the top N.
 * The search simulates at least {@link Settings#minSimulations()} plans, then keeps going until that holds (and
 * until the scenario's own plan's rank is settled the same way), or stops at {@link Settings#maxSimulations()} and
 * says how many plans could still have entered the top. This is best-first branch and bound.
 *
 * <p><b>Two tiers of bound.</b> A plan's bound needs its chunk work, the expensive part of screening. Recomputation
 * only adds work to backward passes (every op takes at least as long, so the simulated step, a max-plus function of
 * op durations with a fixed op order per rank, is at least as long), so the bound of the same plan without
 * recomputation bounds a recomputing plan too. Every plan starts with that shared bound; a plan's own, tighter bound
 * is computed only when it reaches the head of the queue.
 *
 * <p>Work runs on a pool of {@link Settings#threads()}: each step simulation is single-threaded and pure, and batches
 * have a fixed size and are collected in order, so the output does not depend on the thread count.
 */
public final class PlanOptimizer {

    /** Plans taken from the head of the queue per round (fixed, so results do not depend on the thread count). */
    static final int BATCH = 16;

    /**
     * @param top            plans ranked in full in the report
     * @param minSimulations plans simulated in full even if the bound has already settled the top
     * @param maxSimulations stop simulating after this many, proven or not
     * @param tieFraction    relative difference below which plans are reported as ties (the model's accuracy)
     */
    public record Settings(Objective objective, SearchSpace.Limits limits, int top, int minSimulations,
                           int maxSimulations, double tieFraction, int threads) {

        public Settings {
            if (top < 1) {
                throw new UserError("--top must be at least 1, not " + top, null);
            }
            if (minSimulations < 1) {
                throw new UserError("--simulate must be at least 1, not " + minSimulations, null);
            }
            if (maxSimulations < minSimulations) {
                throw new UserError("--max-simulations (" + maxSimulations + ") must be at least --simulate ("
                        + minSimulations + ")", null);
            }
            if (!(tieFraction >= 0 && tieFraction < 1)) {
                throw new UserError("--tie must be a fraction in [0, 1), not " + tieFraction, "e.g. --tie 0.05");
            }
            if (threads < 1) {
                throw new UserError("--threads must be at least 1, not " + threads, null);
            }
        }
    }

    /** Where the search is; called from worker threads, so implementations must be thread-safe. */
    public interface Progress {

        Progress NONE = new Progress() {
            @Override
            public void stage(String message) {
            }

            @Override
            public void advance(String stage, long done, long total) {
            }
        };

        /** A new stage starts (one line). */
        void stage(String message);

        /** {@code done} of {@code total} items of the current stage are finished. */
        void advance(String stage, long done, long total);
    }

    private final ComputeEfficiencyParameters efficiency;
    private final Settings settings;
    private final Progress progress;
    private final StepOptions requested;

    public PlanOptimizer(ComputeEfficiencyParameters efficiency, Settings settings, Progress progress,
                         StepOptions requested) {
        this.efficiency = efficiency;
        this.settings = settings;
        this.progress = progress;
        this.requested = requested;
    }

    public PlanOptimizer(ComputeEfficiencyParameters efficiency, Settings settings, Progress progress) {
        this(efficiency, settings, progress, StepOptions.BALANCED);
    }

    /** One (tensor, context, pipeline) shape of one target: the unit of parallel enumeration. */
    private record Shape(int target, int tensor, int context, int pipeline) {
    }

    /** What enumerating one shape found. */
    private record ShapeResult(List<Screened> valid, Map<PlanPruner.Reason, long[]> counts,
                               Map<PlanPruner.Reason, PlanPruner.Verdict> examples) {
    }

    /** One plan in the search queue, by index into the list of screened plans. */
    private record Queued(int index, double objectiveBound, boolean ownBound) {
    }

    public OptimizeResult optimize(List<OptimizeTarget> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no targets");
        }
        Objective objective = settings.objective();
        for (OptimizeTarget t : targets) {
            if (objective.needsPrice() && Double.isNaN(t.gpuHourPriceUsd())) {
                throw new UserError("objective '" + objective.kind().name().toLowerCase(Locale.ROOT)
                        + "' needs a GPU-hour price, and the scenario gives none",
                        "set costs.gpuHourPrice (e.g. --set 'costs.gpuHourPrice=$2/GPU-h'), or use --objective time");
            }
        }
        long start = System.nanoTime();
        ForkJoinPool pool = new ForkJoinPool(settings.threads());
        try {
            return run(targets, pool, start, cpuSeconds());
        } finally {
            pool.shutdownNow();
        }
    }

    /** CPU time of the whole process so far, NaN if the JVM does not say. */
    private static double cpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? Double.NaN : ns / 1e9;
        }
        return Double.NaN;
    }

    private OptimizeResult run(List<OptimizeTarget> targets, ForkJoinPool pool, long start, double cpuStart) {
        Objective objective = settings.objective();
        List<SearchSpace> spaces = new ArrayList<>();
        List<PlanPruner> pruners = new ArrayList<>();
        Map<OptimizeTarget, PlanEvaluator> evaluatorOf = new IdentityHashMap<>();
        List<Shape> shapes = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < targets.size(); i++) {
            OptimizeTarget t = targets.get(i);
            SearchSpace space = SearchSpace.of(t.model(), t.cluster(), t.training(), t.fixed(), settings.limits());
            spaces.add(space);
            pruners.add(new PlanPruner(t.model(), t.cluster(), t.training(), new MemoryModel()));
            evaluatorOf.put(t, new PlanEvaluator(t, efficiency, requested));
            total += space.size();
            for (int tensor : space.tensor()) {
                for (int context : space.context()) {
                    for (int pipeline : space.pipeline()) {
                        shapes.add(new Shape(i, tensor, context, pipeline));
                    }
                }
            }
        }

        // 1. enumerate and prune
        progress.stage(String.format(Locale.ROOT, "enumerating %,d plans; pruning those that cannot divide or fit",
                total));
        AtomicLong enumerated = new AtomicLong();
        long enumerateTotal = total;
        List<ShapeResult> shapeResults = inPool(pool, shapes, shape -> {
            SearchSpace space = spaces.get(shape.target());
            ShapeResult r = enumerate(shape, targets.get(shape.target()), space, pruners.get(shape.target()));
            progress.advance("enumerate", enumerated.addAndGet(space.sizeOf(shape.pipeline())), enumerateTotal);
            return r;
        });
        Map<PlanPruner.Reason, long[]> counts = new LinkedHashMap<>();
        Map<PlanPruner.Reason, PlanPruner.Verdict> examples = new LinkedHashMap<>();
        List<Screened> valid = new ArrayList<>();
        long[] validPerTarget = new long[targets.size()];
        for (int s = 0; s < shapes.size(); s++) {
            ShapeResult r = shapeResults.get(s);
            for (Screened c : r.valid()) {
                valid.add(new Screened(c.target(), c.plan(), valid.size(), c.peakBytes(), c.capacityBytes(), 0, 0,
                        false, false));
            }
            validPerTarget[shapes.get(s).target()] += r.valid().size();
            r.counts().forEach((reason, n) -> counts.computeIfAbsent(reason, k -> new long[1])[0] += n[0]);
            r.examples().forEach((reason, v) -> example(examples, reason, v));
        }
        // the scenario's own plan, at the scenario's own GPU count (the first target)
        OptimizeTarget home = targets.get(0);
        ParallelPlan ownPlan = home.ownPlan();
        String ownProblem = home.ownPlanProblem();
        int ownIndex = -1;
        if (ownPlan != null) {
            for (int i = 0; i < valid.size(); i++) {
                if (valid.get(i).target() == home && valid.get(i).plan().equals(ownPlan)) {
                    ownIndex = i;
                    break;
                }
            }
            if (ownIndex < 0) {
                PlanPruner.Verdict v = pruners.get(0).check(ownPlan);
                if (v.valid()) {
                    ownIndex = valid.size();
                    valid.add(new Screened(home, ownPlan, valid.size(), v.memory().peak().totalBytes(),
                            v.memory().capacityBytes(), 0, 0, false, true));
                } else {
                    ownProblem = v.message();
                }
            }
        }
        double enumerateSeconds = seconds(start);

        // 2. screen: the shared (no-recompute) bound of every valid plan
        long screenStart = System.nanoTime();
        progress.stage(String.format(Locale.ROOT, "screening %,d valid plans by a lower bound on the step time",
                valid.size()));
        AtomicLong screenedCount = new AtomicLong();
        List<Screened> screened = new ArrayList<>(inPool(pool, valid, c -> {
            boolean own = c.plan().recompute() == Recompute.NONE;
            ParallelPlan relaxed = own ? c.plan() : withoutRecompute(c.plan());
            double bound = evaluatorOf.get(c.target()).lowerBoundSeconds(relaxed);
            long n = screenedCount.incrementAndGet();
            if (n % 2000 == 0) {
                progress.advance("screen", n, valid.size());
            }
            return new Screened(c.target(), c.plan(), c.order(), c.peakBytes(), c.capacityBytes(), bound,
                    objective.value(c.target(), bound), own, c.outsideSpace());
        }));
        double screenSeconds = seconds(screenStart);

        // 3. best bound first: refine shared bounds at the head of the queue, simulate own-bound plans
        long simulateStart = System.nanoTime();
        progress.stage(String.format(Locale.ROOT, "simulating in full, lowest bound first (at least %d; then until "
                        + "no plan left can enter the top %d%s; at most %d)", settings.minSimulations(),
                settings.top(), ownIndex >= 0 ? " or outrank the scenario's plan" : "", settings.maxSimulations()));
        Comparator<Queued> byBound = Comparator.comparingDouble(Queued::objectiveBound)
                .thenComparingLong(q -> q.index());
        PriorityQueue<Queued> queue = new PriorityQueue<>(byBound);
        for (int i = 0; i < screened.size(); i++) {
            queue.add(new Queued(i, screened.get(i).objectiveBound(), screened.get(i).ownBound()));
        }
        List<Evaluated> done = new ArrayList<>();
        Evaluated own = null;
        if (ownIndex >= 0) {
            int index = ownIndex;
            queue.removeIf(q -> q.index() == index);
            Screened c = refine(evaluatorOf, screened.get(index));
            screened.set(index, c);
            own = simulate(evaluatorOf.get(c.target()), c);
            done.add(own);
        }
        long refined = 0;
        while (!queue.isEmpty() && done.size() < settings.maxSimulations()) {
            double limit = limit(done, own);
            List<Queued> batch = new ArrayList<>();
            int simulations = 0;
            while (!queue.isEmpty() && batch.size() < BATCH) {
                Queued head = queue.peek();
                boolean needed = done.size() + simulations < settings.minSimulations()
                        || head.objectiveBound() < limit;
                if (!needed || head.ownBound() && done.size() + simulations >= settings.maxSimulations()) {
                    break;
                }
                batch.add(queue.poll());
                simulations += head.ownBound() ? 1 : 0;
            }
            if (batch.isEmpty()) {
                break;
            }
            // a queued plan with its own bound is simulated; one with the shared bound gets its own bound
            List<Object> results = inPool(pool, batch, q -> {
                Screened c = screened.get(q.index());
                return q.ownBound() ? (Object) simulate(evaluatorOf.get(c.target()), c) : refine(evaluatorOf, c);
            });
            for (int k = 0; k < batch.size(); k++) {
                Object r = results.get(k);
                if (r instanceof Evaluated e) {
                    done.add(e);
                } else {
                    Screened c = (Screened) r;
                    int index = batch.get(k).index();
                    screened.set(index, c);
                    queue.add(new Queued(index, c.objectiveBound(), true));
                    refined++;
                }
            }
            progress.advance("simulate", done.size(), Math.max(done.size(), settings.minSimulations()));
        }
        done.sort(Comparator.comparingDouble(Evaluated::objective).thenComparingLong(e -> e.screened().order()));
        double simulateSeconds = seconds(simulateStart);

        // 4. what the search can and cannot say
        double topLimit = done.size() >= settings.top() ? done.get(settings.top() - 1).objective()
                : Double.POSITIVE_INFINITY;
        long remainingBelowTop = countBelow(queue, topLimit);
        OptimizeResult.OwnPlan ownResult = null;
        if (own != null) {
            double value = own.objective();
            long better = done.stream().filter(e -> e.objective() < value).count();
            ownResult = new OptimizeResult.OwnPlan(ownPlan, "", own, better + 1, better + 1 + countBelow(queue, value),
                    screened.size());
        } else if (ownPlan != null || !ownProblem.isEmpty()) {
            ownResult = new OptimizeResult.OwnPlan(ownPlan, ownProblem, null, 0, 0, screened.size());
        }
        long tiesSimulated = 0;
        long tiesPossible = 0;
        Map<String, Long> lostBecause = new TreeMap<>();
        if (!done.isEmpty()) {
            Evaluated best = done.get(0);
            double tieLimit = best.objective() * (1 + settings.tieFraction());
            tiesSimulated = done.stream().filter(e -> e.objective() <= tieLimit).count();
            tiesPossible = countBelow(queue, Math.nextUp(tieLimit));
            Map<String, Double> bestParts = Breakdown.of(best.step());
            for (int i = settings.top(); i < done.size(); i++) {
                Map<String, Double> delta = Breakdown.delta(Breakdown.of(done.get(i).step()), bestParts);
                lostBecause.merge(delta.isEmpty() ? "no longer step (objective: more GPUs)"
                        : delta.keySet().iterator().next(), 1L, Long::sum);
            }
        }
        List<OptimizeResult.PrunedReason> pruned = new ArrayList<>();
        counts.forEach((reason, n) -> {
            PlanPruner.Verdict example = examples.get(reason);
            pruned.add(new OptimizeResult.PrunedReason(reason.key(), reason.label(), n[0],
                    example == null ? null : example.plan(), example == null ? "" : example.message()));
        });
        pruned.sort(Comparator.comparingLong(OptimizeResult.PrunedReason::count).reversed()
                .thenComparing(OptimizeResult.PrunedReason::label));
        List<OptimizeResult.SpaceSummary> summaries = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            summaries.add(new OptimizeResult.SpaceSummary(targets.get(i).gpus(), targets.get(i).cluster().gpu().id(),
                    spaces.get(i), spaces.get(i).size(), validPerTarget[i]));
        }
        boolean exactBound = evaluatorOf.values().stream().allMatch(PlanEvaluator::exactBound);
        List<Evaluated> shown = withMemory(done, pruners, targets, settings.top(), own);
        long ownOrder = own == null ? -1 : own.screened().order();
        Evaluated ownShown = own == null ? null : shown.stream()
                .filter(e -> e.screened().order() == ownOrder).findFirst().orElse(own);
        if (ownResult != null && ownShown != null) {
            ownResult = new OptimizeResult.OwnPlan(ownResult.plan(), ownResult.problem(), ownShown,
                    ownResult.rank(), ownResult.rankUpTo(), ownResult.outOf());
        }
        return new OptimizeResult(home.scenario().name(), home.phase(), home.training().sequenceLength(),
                home.training().globalBatch(), home.steps(), objective, settings, summaries, pruned,
                screened.size(), shown, settings.top(), remainingBelowTop == 0, remainingBelowTop, exactBound,
                ownResult, bySchedule(screened, shown, queue), lostBecause, settings.tieFraction(), tiesSimulated,
                tiesPossible, refined, new OptimizeResult.Timings(enumerateSeconds, screenSeconds, simulateSeconds,
                        seconds(start), cpuSeconds() - cpuStart, settings.threads()));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static ParallelPlan withoutRecompute(ParallelPlan p) {
        return new ParallelPlan(p.tensor(), p.pipeline(), p.virtualStages(), p.expert(), p.data(), p.context(),
                p.zero(), p.microBatch(), p.schedule(), Recompute.NONE, p.precision(), p.optimizerMoments(),
                p.commSms(), p.overlapPairs());
    }

    /** The plan with its own bound (a plan without recomputation already has it). */
    private Screened refine(Map<OptimizeTarget, PlanEvaluator> evaluatorOf, Screened c) {
        if (c.ownBound()) {
            return c;
        }
        double bound = evaluatorOf.get(c.target()).lowerBoundSeconds(c.plan());
        return new Screened(c.target(), c.plan(), c.order(), c.peakBytes(), c.capacityBytes(), bound,
                settings.objective().value(c.target(), bound), true, c.outsideSpace());
    }

    /** Plans must be simulated while their bound is below this: the N-th best so far, or the own plan's objective. */
    private double limit(List<Evaluated> done, Evaluated own) {
        double top = Double.POSITIVE_INFINITY;
        if (done.size() >= settings.top()) {
            double[] values = done.stream().mapToDouble(Evaluated::objective).sorted().toArray();
            top = values[settings.top() - 1];
        }
        return own == null ? top : Math.max(top, own.objective());
    }

    private static long countBelow(PriorityQueue<Queued> queue, double limit) {
        return queue.stream().filter(q -> q.objectiveBound() < limit).count();
    }

    private Evaluated simulate(PlanEvaluator evaluator, Screened c) {
        StepResult step = evaluator.simulate(c.plan());
        return new Evaluated(c, step, settings.objective().value(c.target(), step.timeSeconds()));
    }

    /** Fills in the memory of the plans the report shows (the top and the own plan) where it was only inferred. */
    private static List<Evaluated> withMemory(List<Evaluated> done, List<PlanPruner> pruners,
                                              List<OptimizeTarget> targets, int top, Evaluated own) {
        List<Evaluated> out = new ArrayList<>(done);
        for (int i = 0; i < out.size(); i++) {
            Evaluated e = out.get(i);
            boolean shown = i < top || e == own;
            if (shown && Double.isNaN(e.screened().peakBytes())) {
                Screened c = e.screened();
                var report = pruners.get(targets.indexOf(c.target())).checkMemory(c.plan()).memory();
                out.set(i, new Evaluated(new Screened(c.target(), c.plan(), c.order(), report.peak().totalBytes(),
                        report.capacityBytes(), c.boundSeconds(), c.objectiveBound(), c.ownBound(),
                        c.outsideSpace()), e.step(), e.objective()));
            }
        }
        return out;
    }

    private static List<OptimizeResult.ScheduleBest> bySchedule(List<Screened> screened, List<Evaluated> done,
                                                                PriorityQueue<Queued> unsimulated) {
        Map<String, long[]> valid = new LinkedHashMap<>();
        Map<String, Screened> bestBound = new LinkedHashMap<>();
        for (Screened c : screened) {
            String name = c.plan().schedule().spelling();
            valid.computeIfAbsent(name, k -> new long[1])[0]++;
            bestBound.merge(name, c, (a, b) -> b.objectiveBound() < a.objectiveBound() ? b : a);
        }
        List<OptimizeResult.ScheduleBest> out = new ArrayList<>();
        for (String name : valid.keySet()) {
            Evaluated best = null;
            long rank = 0;
            for (Evaluated e : done) {
                if (e.plan().schedule().spelling().equals(name)) {
                    best = e;
                    double value = e.objective();
                    rank = 1 + done.stream().filter(d -> d.objective() < value).count();
                    break;
                }
            }
            Screened bound = bestBound.get(name);
            double value = best == null ? Double.NEGATIVE_INFINITY : best.objective();
            boolean exact = best != null && unsimulated.stream().noneMatch(q -> q.objectiveBound() < value
                    && screened.get(q.index()).plan().schedule().spelling().equals(name));
            out.add(new OptimizeResult.ScheduleBest(name, valid.get(name)[0], best, rank, bound.objectiveBound(),
                    bound.boundSeconds(), exact));
        }
        out.sort(Comparator.comparingDouble(OptimizeResult.ScheduleBest::bestBound));
        return out;
    }

    /** Keeps the first example of a reason, preferring one whose memory was estimated over an inferred one. */
    private static void example(Map<PlanPruner.Reason, PlanPruner.Verdict> examples, PlanPruner.Reason reason,
                                PlanPruner.Verdict verdict) {
        PlanPruner.Verdict old = examples.get(reason);
        if (old == null || old.message().startsWith(INFERRED) && !verdict.message().startsWith(INFERRED)) {
            examples.put(reason, verdict);
        }
    }

    private static final String INFERRED = "does not fit:";

    /**
     * Every plan of one (tensor, context, pipeline) shape, pruned or kept, with few memory estimates:
     *
     * <ul>
     * <li>The rules ({@link ParallelPlan#validate}) do not read the ZeRO stage or the recompute mode, so they are
     * checked once per plan with those at their defaults and the verdict is shared ({@code PlanPrunerTest} checks
     * that this holds).</li>
     * <li>Memory is monotone in the micro-batch, the ZeRO stage (0 to 2) and the recompute mode, so which plans fit
     * is found by bisection on that staircase ({@link #memory}).</li>
     * </ul>
     *
     * Inferred plans are counted under the reason a full check gives; a plan inferred to fit gets its memory estimated
     * later only if the report shows it.
     */
    private ShapeResult enumerate(Shape shape, OptimizeTarget target, SearchSpace space, PlanPruner pruner) {
        Map<PlanPruner.Reason, long[]> counts = new LinkedHashMap<>();
        Map<PlanPruner.Reason, PlanPruner.Verdict> examples = new LinkedHashMap<>();
        List<Screened> valid = new ArrayList<>();
        long product = (long) shape.tensor() * shape.context() * shape.pipeline();
        if (space.gpus() % product != 0) {
            PlanPruner.Reason reason = PlanPruner.degreesReason();
            counts.put(reason, new long[] {space.sizeOf(shape.pipeline())});
            examples.put(reason, new PlanPruner.Verdict(null, null, reason, "tensor " + shape.tensor()
                    + " x pipeline " + shape.pipeline() + " x context " + shape.context() + " = " + product
                    + " does not divide the cluster's " + space.gpus() + " GPUs"));
            return new ShapeResult(valid, counts, examples);
        }
        int data = (int) (space.gpus() / product);
        PlanPruner.Reason memoryReason = pruner.memoryReason();
        double capacity = target.cluster().gpu().hbmBytes();
        for (int expert : space.expert()) {
            for (SearchSpace.ScheduleChoice schedule : space.schedulesFor(shape.pipeline())) {
                // the rules, once per micro-batch
                List<Integer> ruleValid = new ArrayList<>();
                List<PlanPruner.Verdict> rules = new ArrayList<>();
                for (int micro : space.microBatch()) {
                    PlanPruner.Verdict v = pruner.checkRules(space.plan(shape.tensor(), shape.pipeline(), schedule,
                            expert, data, shape.context(), 0, micro, Recompute.NONE));
                    rules.add(v);
                    if (v.valid()) {
                        ruleValid.add(micro);
                    }
                }
                Map<Integer, Fit> fits = memory(space, pruner, shape, schedule, expert, data, ruleValid);
                for (Recompute recompute : space.recompute()) {
                    for (int m = 0; m < space.microBatch().size(); m++) {
                        int micro = space.microBatch().get(m);
                        PlanPruner.Verdict rule = rules.get(m);
                        for (int zero : space.zero()) {
                            ParallelPlan plan = space.plan(shape.tensor(), shape.pipeline(), schedule, expert, data,
                                    shape.context(), zero, micro, recompute);
                            PlanPruner.Verdict verdict;
                            if (!rule.valid()) {
                                verdict = new PlanPruner.Verdict(plan, null, rule.reason(), rule.message());
                            } else {
                                Fit fit = fits.get(key(zero, recompute, micro));
                                if (fit.fits()) {
                                    valid.add(new Screened(target, plan, 0, fit.peakBytes(), capacity, 0, 0, false,
                                            false));
                                    continue;
                                }
                                verdict = new PlanPruner.Verdict(plan, null, memoryReason, fit.message());
                            }
                            counts.computeIfAbsent(verdict.reason(), k -> new long[1])[0]++;
                            example(examples, verdict.reason(), verdict);
                        }
                    }
                }
            }
        }
        return new ShapeResult(valid, counts, examples);
    }

    /** Whether a plan fits; {@code peakBytes} is NaN when inferred rather than estimated. */
    private record Fit(boolean fits, double peakBytes, String message) {
    }

    private static int key(int zero, Recompute recompute, int micro) {
        return (micro * 4 + zero) * 3 + recompute.ordinal();
    }

    /**
     * Fit of every (ZeRO stage, recompute mode, rule-valid micro-batch) of one plan. Memory is monotone in all
     * three: it never falls as the micro-batch grows, never rises from ZeRO 0 to 1 to 2, and never rises from no
     * recomputation to selective to full (what a mode stops keeping, times the micro-batches in flight, which are at
     * least the chunks a rank holds, outweighs the one layer it rebuilds at a time). So at each (stage, mode) the
     * fitting micro-batches are a prefix of the valid ones, no longer than at a stage or mode that needs less, and
     * each prefix is found by bisection within that limit. ZeRO 3 (gathered layers) forms its own chain.
     */
    private static Map<Integer, Fit> memory(SearchSpace space, PlanPruner pruner, Shape shape,
                                            SearchSpace.ScheduleChoice schedule, int expert, int data,
                                            List<Integer> micros) {
        Map<Integer, Fit> known = new HashMap<>();
        int n = micros.size();
        Map<Integer, Integer> prefix = new HashMap<>(); // by key(zero, recompute, 0)
        List<Recompute> modes = new ArrayList<>(space.recompute());
        modes.sort(Comparator.comparing(Recompute::ordinal).reversed()); // least memory first: full, selective, none
        List<Integer> zeros = new ArrayList<>(space.zero());
        zeros.sort(Comparator.reverseOrder()); // 3, then 2, 1, 0 (least memory first among 0-2)
        for (int zero : zeros) {
            Recompute previous = null;
            for (Recompute mode : modes) {
                int limit = n;
                if (previous != null) {
                    limit = Math.min(limit, prefix.get(key(zero, previous, 0)));
                }
                if (zero < 3 && zeros.contains(zero + 1) && zero + 1 < 3) {
                    limit = Math.min(limit, prefix.get(key(zero + 1, mode, 0)));
                }
                int z = zero;
                Function<Integer, Fit> estimate = i -> known.computeIfAbsent(key(z, mode, micros.get(i)), k -> {
                    PlanPruner.Verdict v = pruner.checkMemory(space.plan(shape.tensor(), shape.pipeline(), schedule,
                            expert, data, shape.context(), z, micros.get(i), mode));
                    return new Fit(v.valid(), v.memory().peak().totalBytes(), v.valid() ? "" : v.message());
                });
                prefix.put(key(zero, mode, 0), bisect(estimate, limit));
                previous = mode;
            }
        }
        Map<Integer, Fit> out = new HashMap<>();
        for (int zero : zeros) {
            for (Recompute mode : modes) {
                int fitting = prefix.get(key(zero, mode, 0));
                for (int i = 0; i < n; i++) {
                    int k = key(zero, mode, micros.get(i));
                    Fit fit = known.get(k);
                    if (fit == null) {
                        fit = i < fitting ? new Fit(true, Double.NaN, "")
                                : new Fit(false, Double.NaN, INFERRED + " the same plan with a smaller micro-batch, "
                                        + "a higher ZeRO stage up to 2 or more recomputation does not fit");
                    }
                    out.put(k, fit);
                }
            }
        }
        return out;
    }

    /** How many of the first {@code limit} micro-batches fit (they form a prefix). */
    private static int bisect(Function<Integer, Fit> estimate, int limit) {
        int lo = 0;
        int hi = limit;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (estimate.apply(mid - 1).fits()) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Maps {@code items} on the pool, keeping their order; unwraps user errors thrown by a task. */
    private static <T, R> List<R> inPool(ForkJoinPool pool, List<T> items, Function<T, R> task) {
        try {
            return pool.submit(() -> items.parallelStream().map(task).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof RuntimeException && !(cause instanceof UserError) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }
}

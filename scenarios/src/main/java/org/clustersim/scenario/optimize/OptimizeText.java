package org.clustersim.scenario.optimize;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.clustersim.scenario.optimize.OptimizeResult.Evaluated;
import org.clustersim.workload.ParallelPlan;

/** The text report of {@code clustersim optimize}. */
public final class OptimizeText {

    /** The compute model's calibration error, as the catalog records it: plans closer than that are not told apart. */
    static String accuracy() {
        org.clustersim.scenario.step.EfficiencyCatalog.CalibrationError e =
                org.clustersim.scenario.step.EfficiencyCatalog.calibrationError();
        return e == null ? "the compute model's calibration error is not recorded"
                : String.format(Locale.ROOT, "the compute model's calibration error is %.1f%% on average and up to "
                        + "%.1f%% (%d calibration cases, catalog/compute-efficiency.yaml)", e.meanAbsolutePercent(),
                        e.maxAbsolutePercent(), e.cases());
    }

    private static final double GIB = 1L << 30;

    private OptimizeText() {
    }

    public static void print(PrintWriter out, OptimizeResult r) {
        out.printf(Locale.ROOT, "clustersim optimize: %s, phase '%s' (sequence %d, global batch %d, %,.0f steps)%n",
                r.scenarioName(), r.phase(), r.sequenceLength(), r.globalBatch(), r.steps());
        out.printf(Locale.ROOT, "objective: %s%n", r.objective().describe());
        for (OptimizeResult.SpaceSummary s : r.spaces()) {
            out.printf(Locale.ROOT, "search space on %,d x %s: %,d plans, %,d valid%n", s.gpus(), s.gpuId(),
                    s.size(), s.valid());
            for (String line : s.space().describe()) {
                out.println("  " + line);
            }
        }
        long prunedTotal = r.pruned().stream().mapToLong(OptimizeResult.PrunedReason::count).sum();
        out.printf(Locale.ROOT, "pruned %,d plans that cannot divide or fit (the checks of 'clustersim validate'):%n",
                prunedTotal);
        for (OptimizeResult.PrunedReason p : r.pruned()) {
            out.printf(Locale.ROOT, "  %,10d  %s%n", p.count(), p.label());
        }
        out.printf(Locale.ROOT, "screened %,d valid plans by a lower bound on the step time (the simulator's own op "
                + "durations, warm-up, busiest rank and cool-down, without running the pipeline)%n", r.screened());
        if (r.screened() == 0) {
            out.println();
            out.println("no valid plan: every plan was pruned (see the reasons above)");
            printOwn(out, r, null);
            return;
        }
        out.printf(Locale.ROOT, "simulated %,d plans in full, lowest bound first (at least %d; %,d bounds refined "
                + "from the no-recompute bound on the way)%n", r.simulated().size(), r.settings().minSimulations(),
                r.refined());
        if (r.topExact()) {
            out.printf(Locale.ROOT, "  exact: every plan not simulated has a lower bound at or above #%d's "
                    + "objective, so none can enter the top %d%n", Math.min(r.top(), r.simulated().size()), r.top());
        } else {
            out.printf(Locale.ROOT, "  NOT PROVEN: %,d plans not simulated have a bound below #%d's objective and "
                    + "might belong in the top %d (raise --max-simulations)%n", r.remainingBelowTop(), r.top(),
                    r.top());
        }
        if (!r.exactBound()) {
            out.println("  note: the scenario uses a flow-level network model; the screen bounds the analytical "
                    + "step, so 'exact' holds only as far as the two agree (0.1% on DeepSeek-V3)");
        }
        Evaluated best = r.simulated().get(0);
        OptimizeResult.Timings t = r.timings();
        out.printf(Locale.ROOT, "took %.1f s on %d threads (enumerate and prune %.1f s, screen %.1f s, simulate "
                + "%.1f s)%s%n", t.totalSeconds(), t.threads(), t.enumerateSeconds(), t.screenSeconds(),
                t.simulateSeconds(), Double.isNaN(t.cpuSeconds()) ? ""
                        : String.format(Locale.ROOT, ", %.1f s of CPU", t.cpuSeconds()));

        out.println();
        int shown = Math.min(r.top(), r.simulated().size());
        out.printf(Locale.ROOT, "top %d plans by %s:%n", shown, r.objective().kind().name().toLowerCase(Locale.ROOT));
        boolean withGpus = r.spaces().size() > 1;
        int width = 44;
        for (int i = 0; i < shown; i++) {
            width = Math.max(width, compact(r.simulated().get(i), withGpus).length());
        }
        String row = "  %4s  %-" + width + "s %9s %9s %6s %14s %8s %10s  %s%n";
        out.printf(Locale.ROOT, row, "#", "plan", "step s", "Mtok/s", "MFU", "memory GiB", "days", "rental",
                "behind #1");
        long rank = 0;
        double previous = Double.NaN;
        for (int i = 0; i < shown; i++) {
            Evaluated e = r.simulated().get(i);
            if (e.objective() != previous) {
                rank = i + 1;
                previous = e.objective();
            }
            out.printf(Locale.ROOT, row, rank, compact(e, withGpus), String.format(Locale.ROOT, "%.3f",
                            e.step().timeSeconds()), String.format(Locale.ROOT, "%.3f", e.step().tokensPerSecond() / 1e6),
                    String.format(Locale.ROOT, "%.1f%%", 100 * e.step().mfu()), memory(e),
                    String.format(Locale.ROOT, "%.2f", Objective.runSeconds(e.target(), e.step().timeSeconds()) / 86400),
                    money(Objective.rentalUsd(e.target(), e.step().timeSeconds())), behind(e, best, 2));
        }
        if (zeroTwins(r.simulated().subList(0, shown))) {
            out.println("  (plans that differ only in ZeRO 1 and 2 take the same time: stage 2 also shards gradients, "
                    + "which saves memory only)");
        }
        out.println();
        out.println("where the step time goes (seconds; exposed = communication not hidden behind compute):");
        out.printf(Locale.ROOT, "  %4s  %8s %8s %8s %11s %11s %11s %9s %8s %9s%n", "#", "compute", "recomp",
                "bubble", "all-to-all", "tensor-par", "context-par", "ZeRO-3", "dp sync", "optimizer");
        for (int i = 0; i < shown; i++) {
            Map<String, Double> parts = Breakdown.of(r.simulated().get(i).step());
            out.printf(Locale.ROOT, "  %4d  %8.3f %8.3f %8.3f %11.3f %11.3f %11.3f %9.3f %8.3f %9.3f%n", i + 1,
                    part(parts, Breakdown.COMPUTE), part(parts, Breakdown.RECOMPUTE), part(parts, Breakdown.BUBBLE),
                    part(parts, Breakdown.exposedName("expert")), part(parts, Breakdown.exposedName("tensor")),
                    part(parts, Breakdown.exposedName("context")), part(parts, Breakdown.exposedName("zero")),
                    part(parts, Breakdown.exposedName("dataParallel")), part(parts, Breakdown.OPTIMIZER));
        }
        out.println();
        out.printf(Locale.ROOT, "what the model cannot tell: %,d simulated plans are within %.0f%% of #1%s; %s, so "
                        + "the model does not rank them reliably; treat them as equally good%n", r.tiesSimulated(),
                100 * r.tieFraction(), r.tiesPossible() > 0 ? String.format(Locale.ROOT, " (and %,d plans not "
                        + "simulated might be)", r.tiesPossible()) : "", accuracy());
        out.println("  also outside the model: contention between concurrent collectives, stragglers other than "
                + "expert load, CPU and data-loader stalls; failures and checkpoints are the same for every plan");

        printOwn(out, r, best);

        out.println();
        out.println("best plan of each schedule:");
        for (OptimizeResult.ScheduleBest s : r.bySchedule()) {
            if (s.best() != null) {
                out.printf(Locale.ROOT, "  %-18s %,8d valid   #%-6d %s (%.3f s)%s%n", s.schedule(), s.valid(),
                        s.bestRank(), describe(s.best()), s.best().step().timeSeconds(),
                        s.exact() ? "" : " (best simulated; the schedule's best is not proven)");
            } else {
                boolean above = s.bestBound() >= r.simulated().get(shown - 1).objective();
                out.printf(Locale.ROOT, "  %-18s %,8d valid   not simulated: its lowest bound, a step of at least "
                        + "%.3f s, %s%n", s.schedule(), s.valid(), s.bestBoundSeconds(), above ? "is above #" + shown
                        : "was not reached before --max-simulations");
            }
        }

        out.println();
        out.println("why the other plans lost:");
        out.printf(Locale.ROOT, "  %,10d  pruned (reasons above)%n", prunedTotal);
        long notSimulated = r.screened() - r.simulated().size();
        OptimizeResult.OwnPlan own = r.own();
        boolean ownSettled = own != null && own.evaluated() != null && own.rank() == own.rankUpTo();
        out.printf(Locale.ROOT, "  %,10d  not simulated: their lower bound is at or above #%d%s%s%s%n", notSimulated,
                shown, ownSettled ? " and the scenario's plan" : "",
                r.topExact() ? "" : String.format(Locale.ROOT, " (except %,d whose bound is below #%d's objective: "
                        + "the top is not proven)", r.remainingBelowTop(), shown),
                own != null && own.evaluated() != null && !ownSettled ? String.format(Locale.ROOT, " (%,d of them "
                        + "have a bound below the scenario's plan: the search stopped at --max-simulations)",
                        own.rankUpTo() - own.rank()) : "");
        long outside = Math.max(0, r.simulated().size() - r.top());
        if (outside > 0) {
            StringJoiner j = new StringJoiner(", ");
            r.lostBecause().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> j.add(e.getValue() + " " + e.getKey()));
            out.printf(Locale.ROOT, "  %,10d  simulated but outside the top %d, by where they lose most to #1: %s%n",
                    outside, r.top(), j);
        }
    }

    private static void printOwn(PrintWriter out, OptimizeResult r, Evaluated best) {
        OptimizeResult.OwnPlan own = r.own();
        if (own == null) {
            return;
        }
        out.println();
        if (own.evaluated() == null) {
            out.printf(Locale.ROOT, "the scenario's plan%s cannot be ranked: %s%n",
                    own.plan() == null ? "" : " (" + own.plan().describe() + ")", own.problem());
            return;
        }
        Evaluated e = own.evaluated();
        out.printf(Locale.ROOT, "the scenario's plan: %s%s%n", own.plan().describe(),
                e.screened().outsideSpace() ? " (outside the searched space, ranked against it)" : "");
        String rank = own.rank() == own.rankUpTo() ? String.format(Locale.ROOT, "rank %,d", own.rank())
                : String.format(Locale.ROOT, "rank %,d to %,d (not settled: raise --max-simulations)", own.rank(),
                        own.rankUpTo());
        out.printf(Locale.ROOT, "  %s of %,d valid plans; step %.3f s (objective %+.1f%% vs #1), %,.0f tokens/s, "
                        + "MFU %.1f%%, memory %s GiB%n", rank, own.outOf(), e.step().timeSeconds(),
                100 * (e.objective() / best.objective() - 1), e.step().tokensPerSecond(), 100 * e.step().mfu(),
                memory(e));
        if (e != best && e.objective() > best.objective()) {
            out.printf(Locale.ROOT, "  behind #1 by %s: %s%n", duration(e.step().timeSeconds()
                    - best.step().timeSeconds()), behind(e, best, 4));
            if (e.objective() <= best.objective() * (1 + r.tieFraction())) {
                out.printf(Locale.ROOT, "  within %.0f%% of #1: a tie as far as the model can tell%n",
                        100 * r.tieFraction());
            }
        }
    }

    /**
     * "compute +0.715 s, exposed context-parallel +0.517 s; bubble -1.298 s": the largest parts where {@code e}
     * takes longer than {@code best}, then the largest where it is quicker.
     */
    static String behind(Evaluated e, Evaluated best, int parts) {
        if (e == best) {
            return "";
        }
        Map<String, Double> mine = Breakdown.of(e.step());
        Map<String, Double> theirs = Breakdown.of(best.step());
        StringJoiner j = new StringJoiner(", ");
        Breakdown.delta(mine, theirs).entrySet().stream().limit(parts).forEach(d -> j.add(d.getKey() + " +"
                + duration(d.getValue())));
        String text = j.length() == 0 ? "tie" : j.toString();
        var gains = Breakdown.delta(theirs, mine).entrySet().stream().findFirst();
        if (gains.isPresent() && j.length() > 0) {
            text += "; " + gains.get().getKey() + " -" + duration(gains.get().getValue());
        }
        if (e.target().gpus() != best.target().gpus()) {
            text += "; " + e.target().gpus() + " GPUs";
        }
        return text;
    }

    /** "tp1 pp16 ep64 dp128 cp1 mb1 z1 dualpipe sel". */
    static String compact(Evaluated e, boolean withGpus) {
        ParallelPlan p = e.plan();
        String schedule = p.virtualStages() > 1 ? p.schedule().spelling() + "/" + p.virtualStages()
                : p.schedule().spelling();
        String recompute = switch (p.recompute()) {
            case NONE -> "none";
            case SELECTIVE -> "sel";
            case FULL -> "full";
        };
        return String.format(Locale.ROOT, "%stp%d pp%d ep%d dp%d cp%d mb%d z%d %s %s",
                withGpus ? e.target().gpus() + " GPUs: " : "", p.tensor(), p.pipeline(), p.expert(), p.data(),
                p.context(), p.microBatch(), p.zero(), schedule, recompute);
    }

    static String describe(Evaluated e) {
        return e.plan().describe();
    }

    private static boolean zeroTwins(java.util.List<Evaluated> plans) {
        for (int i = 1; i < plans.size(); i++) {
            ParallelPlan a = plans.get(i - 1).plan();
            ParallelPlan b = plans.get(i).plan();
            if (a.zero() + b.zero() == 3 && Math.abs(a.zero() - b.zero()) == 1
                    && new ParallelPlan(a.tensor(), a.pipeline(), a.virtualStages(), a.expert(), a.data(), a.context(),
                    b.zero(), a.microBatch(), a.schedule(), a.recompute(), a.precision(), a.optimizerMoments(),
                    a.commSms(), a.overlapPairs()).equals(b)) {
                return true;
            }
        }
        return false;
    }

    /** Seconds as "1.238 s" or, below a second, "2.41 ms". */
    static String duration(double seconds) {
        return Math.abs(seconds) >= 1 ? String.format(Locale.ROOT, "%.3f s", seconds)
                : String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
    }

    private static String memory(Evaluated e) {
        double peak = e.screened().peakBytes();
        return Double.isNaN(peak) ? String.format(Locale.ROOT, "fits / %.1f", e.screened().capacityBytes() / GIB)
                : String.format(Locale.ROOT, "%.1f / %.1f", peak / GIB, e.screened().capacityBytes() / GIB);
    }

    private static String money(double usd) {
        if (Double.isNaN(usd)) {
            return "-";
        }
        return usd >= 1e6 ? String.format(Locale.ROOT, "$%.2fM", usd / 1e6)
                : String.format(Locale.ROOT, "$%,.0f", usd);
    }

    private static double part(Map<String, Double> parts, String key) {
        return parts.getOrDefault(key, 0.0);
    }
}

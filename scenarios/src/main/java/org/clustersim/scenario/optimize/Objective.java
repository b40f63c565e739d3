package org.clustersim.scenario.optimize;

import java.util.Locale;
import org.clustersim.error.UserError;

/**
 * What "best" means. Every objective is a non-decreasing function of the step time for a given GPU count, which is
 * what lets a lower bound on the step time bound the objective.
 *
 * <ul>
 * <li>{@code TIME}: the phase's run time, steps x step time (the global batch is fixed, so steps are the same for
 * every plan, and this ranks as the step time does);</li>
 * <li>{@code COST}: the phase's rental, steps x step time x GPUs x $/GPU-hour (at one GPU count it ranks as time; it
 * differs only when {@code --gpus} compares cluster sizes);</li>
 * <li>{@code MIX}: time^w x cost^(1-w), a weighted geometric mean, so neither unit nor scale matters and w = 1 or 0
 * gives back time or cost.</li>
 * </ul>
 *
 * Failures, checkpoints and restarts are not in the objective: they depend on the GPU count and run length, not on
 * the parallelism plan ({@code clustersim run} with the chosen plan adds them).
 *
 * @param timeWeight w of {@code MIX} (1 for TIME, 0 for COST)
 */
public record Objective(Kind kind, double timeWeight) {

    public enum Kind { TIME, COST, MIX }

    public static final Objective TIME = new Objective(Kind.TIME, 1);

    public Objective {
        if (!(timeWeight >= 0 && timeWeight <= 1)) {
            throw new UserError("--weight-time must be between 0 and 1, not " + timeWeight,
                    "0 = cost only, 1 = time only, 0.5 = both alike");
        }
    }

    public static Objective of(Kind kind, double timeWeight) {
        return switch (kind) {
            case TIME -> new Objective(Kind.TIME, 1);
            case COST -> new Objective(Kind.COST, 0);
            case MIX -> new Objective(Kind.MIX, timeWeight);
        };
    }

    /** Whether the objective needs a GPU-hour price. */
    public boolean needsPrice() {
        return kind == Kind.COST || kind == Kind.MIX && timeWeight < 1;
    }

    /** The objective of a plan of {@code target} whose step takes {@code stepSeconds}; lower is better. */
    public double value(OptimizeTarget target, double stepSeconds) {
        double run = runSeconds(target, stepSeconds);
        return switch (kind) {
            case TIME -> run;
            case COST -> rentalUsd(target, stepSeconds);
            case MIX -> Math.pow(run, timeWeight) * Math.pow(rentalUsd(target, stepSeconds), 1 - timeWeight);
        };
    }

    public static double runSeconds(OptimizeTarget target, double stepSeconds) {
        return target.steps() * stepSeconds;
    }

    public static double gpuHours(OptimizeTarget target, double stepSeconds) {
        return runSeconds(target, stepSeconds) * target.gpus() / 3600.0;
    }

    /** NaN without a price. */
    public static double rentalUsd(OptimizeTarget target, double stepSeconds) {
        return gpuHours(target, stepSeconds) * target.gpuHourPriceUsd();
    }

    /** e.g. "run time of phase 'pre-training' (steps x step time)". */
    public String describe() {
        return switch (kind) {
            case TIME -> "time: the phase's run time, steps x step time (ranks as the step time)";
            case COST -> "cost: the phase's GPU rental, steps x step time x GPUs x $/GPU-hour";
            case MIX -> String.format(Locale.ROOT, "mix: time^%.2f x cost^%.2f (weighted geometric mean of run "
                    + "time in seconds and rental in USD)", timeWeight, 1 - timeWeight);
        };
    }

    /** The objective's value as text. */
    public String format(double value) {
        return switch (kind) {
            case TIME -> String.format(Locale.ROOT, "%.2f days", value / 86400);
            case COST -> String.format(Locale.ROOT, "$%,.0f", value);
            case MIX -> String.format(Locale.ROOT, "%.4g", value);
        };
    }
}

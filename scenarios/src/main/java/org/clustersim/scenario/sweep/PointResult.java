package org.clustersim.scenario.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.clustersim.scenario.bind.Spelled;

/**
 * What one sweep point produced: one line of the results file. Quantities a point does not have (a compute-only
 * scenario has no step, an unpriced one no rental cost, an invalid point nothing) are NaN, written as null.
 *
 * @param point           the point's index in the sweep
 * @param overrides       axis path to value, in axis order
 * @param seed            the scenario's master seed ({@code training.seed}, default 1)
 * @param scenarioHash    hash of the point's merged, overridden scenario tree
 * @param reason          why the point is invalid or failed (the located message a run would print), else null
 * @param stepPhase       the phase whose step is reported (the first simulated phase), or null
 * @param stepTimeSeconds that phase's simulated step time
 * @param timeSeconds     the run's wall-clock time with failures and checkpoints
 * @param elapsedSeconds  computer time the point took (not part of the result's identity)
 */
public record PointResult(String sweepId, int point, Map<String, String> overrides, long seed, String scenarioHash,
                          String toolVersion, Status status, String reason, String stepPhase, double stepTimeSeconds,
                          double tokensPerSecond, double mfu, int gpus, double timeSeconds, double gpuHours,
                          double goodput, double rentalUsd, double ownershipUsd, double elapsedSeconds)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public PointResult {
        Objects.requireNonNull(sweepId, "sweepId");
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        Objects.requireNonNull(status, "status");
    }

    /** ok: simulated; invalid: the point's scenario is a user error (plan does not divide or fit); error: a bug. */
    public enum Status implements Spelled {
        OK("ok"), INVALID("invalid"), ERROR("error");

        private final String spelling;

        Status(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }

        public static Status of(String text) {
            for (Status s : values()) {
                if (s.spelling.equals(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown status '" + text + "'");
        }
    }

    /** Finished for good: a resumed sweep skips it. Errors (bugs, resources) are tried again. */
    public boolean isFinal() {
        return status != Status.ERROR;
    }

    public double days() {
        return timeSeconds / 86_400;
    }

    /** A result of an invalid or failed point: the identity fields and the reason, no quantities. */
    public static PointResult failed(String sweepId, SweepPoint point, long seed, String scenarioHash,
                                     String toolVersion, Status status, String reason, double elapsedSeconds) {
        double nan = Double.NaN;
        return new PointResult(sweepId, point.index(), point.overrides(), seed, scenarioHash, toolVersion, status,
                reason, null, nan, nan, nan, 0, nan, nan, nan, nan, nan, elapsedSeconds);
    }
}

package org.clustersim.reliability;

import java.util.Arrays;
import org.clustersim.engine.RandomStream;

/**
 * Wall-clock time of checkpointed work under Poisson interruptions, two ways that must agree:
 *
 * <ul>
 *   <li><b>closed form</b> (expected value, Daly 2006): a segment of t seconds of work followed by a checkpoint of C
 *   seconds completes, on average, in M e^{R/M} (e^{(t+C)/M} - 1), where M is the job MTBF and R the restart time;
 *   interruptions may strike during work, checkpoint or restart, and each one loses the segment in progress;</li>
 *   <li><b>Monte Carlo</b>: the same process sampled segment by segment from a named random stream.</li>
 * </ul>
 * The work is cut into full intervals plus a remainder, each ending with a checkpoint.
 */
public final class CheckpointRestartModel {

    private final FailureModel failures;

    public CheckpointRestartModel(FailureModel failures) {
        this.failures = failures;
    }

    /** Expected wall time; {@code intervalSeconds} NaN means the Young/Daly optimum. */
    public GoodputEstimate expected(double usefulSeconds, long gpus, long nodes, double intervalSeconds) {
        double mtbf = failures.jobMtbfSeconds(gpus, nodes);
        double interval = resolveInterval(intervalSeconds, gpus, nodes, usefulSeconds);
        long full = (long) Math.floor(usefulSeconds / interval);
        double remainder = usefulSeconds - full * interval;
        double wall = full * segmentSeconds(interval, mtbf) + (remainder > 0 ? segmentSeconds(remainder, mtbf) : 0);
        double expectedFailures = Double.isInfinite(mtbf) ? 0 : wall / mtbf;
        return new GoodputEstimate(usefulSeconds, wall, interval, mtbf, expectedFailures, wall, wall);
    }

    /**
     * Mean and 90% interval of wall time over {@code replications} sampled runs, drawing from {@code stream} (the run's
     * "failures" stream, so a sweep point that changes prices sees the same failures).
     */
    public GoodputEstimate monteCarlo(double usefulSeconds, long gpus, long nodes, double intervalSeconds,
                                      int replications, RandomStream stream) {
        if (replications < 1) {
            throw new IllegalArgumentException("replications must be >= 1");
        }
        double mtbf = failures.jobMtbfSeconds(gpus, nodes);
        double interval = resolveInterval(intervalSeconds, gpus, nodes, usefulSeconds);
        long full = (long) Math.floor(usefulSeconds / interval);
        double remainder = usefulSeconds - full * interval;
        double[] walls = new double[replications];
        long failureCount = 0;
        for (int r = 0; r < replications; r++) {
            double wall = 0;
            for (long s = 0; s < full; s++) {
                wall += sampleSegment(interval, mtbf, stream);
            }
            if (remainder > 0) {
                wall += sampleSegment(remainder, mtbf, stream);
            }
            walls[r] = wall;
        }
        double mean = Arrays.stream(walls).average().orElse(0);
        Arrays.sort(walls);
        double p05 = walls[(int) Math.floor(0.05 * (replications - 1))];
        double p95 = walls[(int) Math.ceil(0.95 * (replications - 1))];
        double expectedFailures = Double.isInfinite(mtbf) ? 0 : mean / mtbf;
        return new GoodputEstimate(usefulSeconds, mean, interval, mtbf, expectedFailures, p05, p95);
    }

    private double resolveInterval(double intervalSeconds, long gpus, long nodes, double usefulSeconds) {
        double interval = Double.isNaN(intervalSeconds) ? failures.optimalIntervalSeconds(gpus, nodes)
                : intervalSeconds;
        if (!(interval > 0)) {
            throw new IllegalArgumentException("checkpoint interval must be > 0: " + interval);
        }
        // Without failures (infinite optimum) the work is one segment with one final checkpoint.
        return Math.min(interval, Math.max(usefulSeconds, Double.MIN_NORMAL));
    }

    /** Daly's expected time to complete t seconds of work plus a checkpoint. */
    private double segmentSeconds(double workSeconds, double mtbf) {
        double c = failures.checkpointSeconds();
        if (Double.isInfinite(mtbf)) {
            return workSeconds + c;
        }
        double r = failures.restartSeconds();
        return mtbf * Math.exp(r / mtbf) * Math.expm1((workSeconds + c) / mtbf);
    }

    private double sampleSegment(double workSeconds, double mtbf, RandomStream stream) {
        double need = workSeconds + failures.checkpointSeconds();
        if (Double.isInfinite(mtbf)) {
            return need;
        }
        double elapsed = 0;
        while (true) {
            double untilFailure = stream.nextExponential(mtbf);
            if (untilFailure >= need) {
                return elapsed + need;
            }
            elapsed += untilFailure;
            // restart, which may itself be interrupted
            while (true) {
                double duringRestart = stream.nextExponential(mtbf);
                if (duringRestart >= failures.restartSeconds()) {
                    elapsed += failures.restartSeconds();
                    break;
                }
                elapsed += duringRestart;
            }
        }
    }
}

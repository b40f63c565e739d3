package org.clustersim.reliability;

/**
 * What failures and checkpoints do to a stretch of useful work.
 *
 * @param usefulSeconds     failure-free compute time of the work
 * @param wallSeconds       expected (or sampled mean) wall-clock time including checkpoints, lost work and restarts
 * @param intervalSeconds   work between checkpoints that was used
 * @param jobMtbfSeconds    mean time between interruptions of the whole job
 * @param expectedFailures  expected number of interruptions over the wall time
 * @param wallP05Seconds    5th percentile of wall time (Monte Carlo; equals the mean for the closed form)
 * @param wallP95Seconds    95th percentile of wall time (Monte Carlo; equals the mean for the closed form)
 */
public record GoodputEstimate(double usefulSeconds, double wallSeconds, double intervalSeconds, double jobMtbfSeconds,
                              double expectedFailures, double wallP05Seconds, double wallP95Seconds) {

    /** Fraction of wall-clock time spent on work that is kept. */
    public double goodput() {
        return wallSeconds == 0 ? 1.0 : usefulSeconds / wallSeconds;
    }
}

package org.clustersim.engine;

/**
 * Per-observation statistics (count, mean, variance, min, max) by Welford's update, which stays accurate over
 * millions of observations where the naive sum-of-squares loses digits.
 */
public final class ObservationAccumulator {

    private long count;
    private double mean;
    private double sumSquaredDeviations;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public void add(double value) {
        count++;
        double delta = value - mean;
        mean += delta / count;
        sumSquaredDeviations += delta * (value - mean);
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    public long count() {
        return count;
    }

    /** Mean of the observations; NaN when there are none. */
    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** Unbiased sample variance; NaN with fewer than two observations. */
    public double variance() {
        return count < 2 ? Double.NaN : sumSquaredDeviations / (count - 1);
    }

    public double standardDeviation() {
        return Math.sqrt(variance());
    }

    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    public double max() {
        return count == 0 ? Double.NaN : max;
    }
}

package org.clustersim.engine;

/**
 * Time-weighted average of a piecewise-constant quantity (queue length, link utilisation, busy GPUs). Call
 * {@link #update(long, double)} whenever the value changes; the old value is weighted by how long it held.
 */
public final class TimeWeightedAccumulator {

    private final long startNs;
    private long lastChangeNs;
    private double value;
    private double integral; // value x ns
    private double max;

    public TimeWeightedAccumulator(long startNs, double initialValue) {
        this.startNs = startNs;
        this.lastChangeNs = startNs;
        this.value = initialValue;
        this.max = initialValue;
    }

    /** The quantity becomes {@code newValue} at {@code timeNs}, which must not precede the previous change. */
    public void update(long timeNs, double newValue) {
        if (timeNs < lastChangeNs) {
            throw new IllegalArgumentException("time went backwards: " + timeNs + " < " + lastChangeNs);
        }
        integral += value * (timeNs - lastChangeNs);
        lastChangeNs = timeNs;
        value = newValue;
        max = Math.max(max, newValue);
    }

    public double currentValue() {
        return value;
    }

    public double max() {
        return max;
    }

    /** Integral of the quantity over [start, untilNs], in value x nanoseconds. */
    public double integralUntil(long untilNs) {
        if (untilNs < lastChangeNs) {
            throw new IllegalArgumentException("time went backwards: " + untilNs + " < " + lastChangeNs);
        }
        return integral + value * (untilNs - lastChangeNs);
    }

    /** Time-weighted mean over [start, untilNs]; the current value if no time has passed. */
    public double meanUntil(long untilNs) {
        long span = untilNs - startNs;
        return span == 0 ? value : integralUntil(untilNs) / span;
    }
}

package org.clustersim.engine;

/** Conversions between the engine's integer nanoseconds and human units. */
public final class SimTime {

    public static final long NS_PER_US = 1_000L;
    public static final long NS_PER_MS = 1_000_000L;
    public static final long NS_PER_SECOND = 1_000_000_000L;

    private SimTime() {
    }

    /** Nearest whole nanosecond to {@code seconds}; rejects values that do not fit a {@code long}. */
    public static long secondsToNs(double seconds) {
        double ns = Math.rint(seconds * NS_PER_SECOND);
        if (!(Math.abs(ns) < 9.2e18)) {
            throw new ArithmeticException("time out of range: " + seconds + " s");
        }
        return (long) ns;
    }

    public static double nsToSeconds(long ns) {
        return ns / (double) NS_PER_SECOND;
    }
}

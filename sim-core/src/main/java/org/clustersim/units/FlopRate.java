package org.clustersim.units;

import java.util.LinkedHashMap;
import java.util.Map;

/** Arithmetic throughput in floating-point operations per second: {@code 989.4TFLOPS}, {@code 1.979 PFLOP/s}. */
public record FlopRate(double flopsPerSecond) implements Comparable<FlopRate> {

    static final String EXAMPLES = "989.4TFLOPS, 1979 TFLOP/s, 1.98PFLOPS";
    static final Map<String, Double> UNITS = new LinkedHashMap<>();

    static {
        double scale = 1;
        for (String prefix : new String[] {"", "K", "M", "G", "T", "P", "E"}) {
            UNITS.put(prefix + "FLOPS", scale);
            UNITS.put(prefix + "FLOP/s", scale);
            UNITS.put(prefix + "flops", scale);
            scale *= 1000;
        }
    }

    public FlopRate {
        if (!(flopsPerSecond >= 0) || Double.isInfinite(flopsPerSecond)) {
            throw new IllegalArgumentException("FLOP rate must be finite and >= 0: " + flopsPerSecond);
        }
    }

    public static FlopRate parse(String text) {
        return new FlopRate(QuantityParser.parse(text, UNITS, "FLOP rate", EXAMPLES));
    }

    public static FlopRate ofTflops(double teraflops) {
        return new FlopRate(teraflops * 1e12);
    }

    public double teraflops() {
        return flopsPerSecond / 1e12;
    }

    @Override
    public int compareTo(FlopRate other) {
        return Double.compare(flopsPerSecond, other.flopsPerSecond);
    }

    @Override
    public String toString() {
        return QuantityParser.number(flopsPerSecond / 1e12) + "TFLOPS";
    }
}

package org.clustersim.units;

import java.util.LinkedHashMap;
import java.util.Map;

/** A data rate in bytes per second. Bits ({@code 400Gbps}, {@code 400Gb/s}) and bytes ({@code 50GB/s}) are decimal. */
public record Bandwidth(double bytesPerSecond) implements Comparable<Bandwidth> {

    static final String EXAMPLES = "400Gbps, 50GB/s, 200GB/s";
    static final Map<String, Double> UNITS = new LinkedHashMap<>();

    static {
        String[] prefixes = {"", "K", "M", "G", "T"};
        double scale = 1;
        for (String prefix : prefixes) {
            UNITS.put(prefix + "bps", scale / 8);
            UNITS.put(prefix + "b/s", scale / 8);
            UNITS.put(prefix + "B/s", scale);
            scale *= 1000;
        }
        UNITS.put("Kibps", 1024.0 / 8);
        scale = 1024;
        for (String prefix : new String[] {"Ki", "Mi", "Gi", "Ti"}) {
            UNITS.put(prefix + "B/s", scale);
            scale *= 1024;
        }
        UNITS.remove("Kibps");
    }

    public Bandwidth {
        if (!(bytesPerSecond >= 0) || Double.isInfinite(bytesPerSecond)) {
            throw new IllegalArgumentException("bandwidth must be finite and >= 0: " + bytesPerSecond);
        }
    }

    public static Bandwidth parse(String text) {
        return new Bandwidth(QuantityParser.parse(text, UNITS, "bandwidth", EXAMPLES));
    }

    public static Bandwidth ofGBps(double gigabytesPerSecond) {
        return new Bandwidth(gigabytesPerSecond * 1e9);
    }

    public static Bandwidth ofGbps(double gigabitsPerSecond) {
        return new Bandwidth(gigabitsPerSecond * 1e9 / 8);
    }

    public double gigabytesPerSecond() {
        return bytesPerSecond / 1e9;
    }

    public Bandwidth times(double factor) {
        return new Bandwidth(bytesPerSecond * factor);
    }

    @Override
    public int compareTo(Bandwidth other) {
        return Double.compare(bytesPerSecond, other.bytesPerSecond);
    }

    @Override
    public String toString() {
        return QuantityParser.number(bytesPerSecond / 1e9) + "GB/s";
    }
}

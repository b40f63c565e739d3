package org.clustersim.units;

import java.util.LinkedHashMap;
import java.util.Map;

/** A span of time in seconds (the engine converts to integer nanoseconds). */
public record Duration(double seconds) implements Comparable<Duration> {

    static final String EXAMPLES = "2us, 1.5ms, 30s, 5min, 2h, 3d";
    static final Map<String, Double> UNITS = new LinkedHashMap<>();

    static {
        UNITS.put("ns", 1e-9);
        UNITS.put("us", 1e-6);
        UNITS.put("µs", 1e-6);
        UNITS.put("ms", 1e-3);
        UNITS.put("s", 1.0);
        UNITS.put("sec", 1.0);
        UNITS.put("min", 60.0);
        UNITS.put("h", 3600.0);
        UNITS.put("hours", 3600.0);
        UNITS.put("d", 86400.0);
        UNITS.put("days", 86400.0);
        UNITS.put("y", 365.0 * 86400.0);
        UNITS.put("years", 365.0 * 86400.0);
    }

    public Duration {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("duration must be finite and >= 0: " + seconds);
        }
    }

    public static Duration parse(String text) {
        return new Duration(QuantityParser.parse(text, UNITS, "duration", EXAMPLES));
    }

    public static Duration ofSeconds(double seconds) {
        return new Duration(seconds);
    }

    public static Duration ofMicros(double micros) {
        return new Duration(micros * 1e-6);
    }

    public double micros() {
        return seconds * 1e6;
    }

    public double hours() {
        return seconds / 3600.0;
    }

    @Override
    public int compareTo(Duration other) {
        return Double.compare(seconds, other.seconds);
    }

    @Override
    public String toString() {
        if (seconds != 0 && seconds < 1e-3) {
            return QuantityParser.number(seconds * 1e6) + "us";
        }
        if (seconds != 0 && seconds < 1) {
            return QuantityParser.number(seconds * 1e3) + "ms";
        }
        return QuantityParser.number(seconds) + "s";
    }
}

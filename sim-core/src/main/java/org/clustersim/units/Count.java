package org.clustersim.units;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A large count, such as tokens: {@code 14.8T}, {@code 469B}, {@code 62.9M}, {@code 4096}. Suffixes are decimal:
 * K = 10^3, M = 10^6, B = G = 10^9, T = 10^12. A plain number needs no suffix.
 */
public record Count(double value) implements Comparable<Count> {

    static final String EXAMPLES = "14.8T, 469B, 62.9M, 4096";
    static final Map<String, Double> UNITS = new LinkedHashMap<>();

    static {
        UNITS.put("K", 1e3);
        UNITS.put("k", 1e3);
        UNITS.put("M", 1e6);
        UNITS.put("B", 1e9);
        UNITS.put("G", 1e9);
        UNITS.put("T", 1e12);
    }

    public Count {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("count must be finite and >= 0: " + value);
        }
    }

    public static Count parse(String text) {
        if (text != null && text.strip().matches("[+-]?[0-9_]*\\.?[0-9]+([eE][+-]?[0-9]+)?")) {
            double plain = Double.parseDouble(text.strip().replace("_", ""));
            if (plain < 0) {
                throw new UnitFormatException("count '" + text + "' is negative", "counts are >= 0");
            }
            return new Count(plain);
        }
        double parsed = QuantityParser.parse(text, UNITS, "count", EXAMPLES);
        if (parsed < 0) {
            throw new UnitFormatException("count '" + text + "' is negative", "counts are >= 0");
        }
        return new Count(parsed);
    }

    public static Count of(double value) {
        return new Count(value);
    }

    public long asLong() {
        return Math.round(value);
    }

    @Override
    public int compareTo(Count other) {
        return Double.compare(value, other.value);
    }

    @Override
    public String toString() {
        if (value >= 1e12) {
            return QuantityParser.number(value / 1e12) + "T";
        }
        if (value >= 1e9) {
            return QuantityParser.number(value / 1e9) + "B";
        }
        if (value >= 1e6) {
            return QuantityParser.number(value / 1e6) + "M";
        }
        return QuantityParser.number(value);
    }
}

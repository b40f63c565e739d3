package org.clustersim.units;

import java.util.LinkedHashMap;
import java.util.Map;

/** Electrical power in watts: {@code 700W}, {@code 10.2kW}, {@code 1.5MW}. */
public record Power(double watts) implements Comparable<Power> {

    static final String EXAMPLES = "700W, 10.2kW, 1.5MW";
    static final Map<String, Double> UNITS = new LinkedHashMap<>();

    static {
        UNITS.put("W", 1.0);
        UNITS.put("kW", 1e3);
        UNITS.put("KW", 1e3);
        UNITS.put("MW", 1e6);
        UNITS.put("GW", 1e9);
    }

    public Power {
        if (!(watts >= 0) || Double.isInfinite(watts)) {
            throw new IllegalArgumentException("power must be finite and >= 0: " + watts);
        }
    }

    public static Power parse(String text) {
        return new Power(QuantityParser.parse(text, UNITS, "power", EXAMPLES));
    }

    public static Power ofWatts(double watts) {
        return new Power(watts);
    }

    public double kilowatts() {
        return watts / 1e3;
    }

    @Override
    public int compareTo(Power other) {
        return Double.compare(watts, other.watts);
    }

    @Override
    public String toString() {
        return watts >= 1e3 ? QuantityParser.number(watts / 1e3) + "kW" : QuantityParser.number(watts) + "W";
    }
}

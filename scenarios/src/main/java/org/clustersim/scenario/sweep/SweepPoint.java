package org.clustersim.scenario.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point of a sweep: its index in the sweep's order and the value of every axis.
 *
 * @param overrides axis path to value, in axis order, each as --set takes it
 */
public record SweepPoint(int index, Map<String, String> overrides) {

    public SweepPoint {
        if (index < 0) {
            throw new IllegalArgumentException("point index must not be negative: " + index);
        }
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** The overrides as {@code --set} arguments ({@code path=value}). */
    public List<String> arguments() {
        List<String> out = new ArrayList<>();
        overrides.forEach((path, value) -> out.add(path + "=" + value));
        return out;
    }
}

package org.clustersim.scenario.sweep;

import java.util.List;
import java.util.Objects;

/**
 * One axis of a sweep: a scenario key path and the values it takes, each written as {@code --set PATH=VALUE} would
 * take it.
 *
 * @param origin where the axis was defined ({@code --axis ...} or file:line:column), for messages
 */
public record Axis(String path, List<String> values, String origin) {

    public Axis {
        Objects.requireNonNull(path, "path");
        values = List.copyOf(values);
        Objects.requireNonNull(origin, "origin");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an axis needs at least one value: " + path);
        }
    }

    /** The override of this axis at value {@code i}, as --set takes it. */
    public String override(int i) {
        return path + "=" + values.get(i);
    }
}

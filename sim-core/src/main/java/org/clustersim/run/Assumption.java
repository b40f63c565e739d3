package org.clustersim.run;

import java.util.Objects;

/**
 * One input the result depends on, echoed in every output with where it came from: a row of the reference, a preset's
 * source, the scenario file, or the word "assumption" when no published source backs it.
 */
public record Assumption(String name, String value, String unit, String source) {

    public static final String UNSOURCED = "assumption";

    public Assumption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(source, "source");
    }
}

package org.clustersim.scenario.bind;

/** An enum whose file spelling is not its name in lower-case-with-dashes (e.g. {@code 1f1b}). */
public interface Spelled {
    String spelling();
}

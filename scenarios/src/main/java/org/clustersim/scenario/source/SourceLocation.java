package org.clustersim.scenario.source;

/** Where a value came from: a file (or "--set" argument) with 1-based line and column. */
public record SourceLocation(String source, int line, int column) {

    public static SourceLocation startOf(String source) {
        return new SourceLocation(source, 1, 1);
    }

    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}

package org.clustersim.scenario;

import org.clustersim.error.UserError;
import org.clustersim.scenario.source.SourceLocation;

/**
 * A user error tied to a place in a scenario file: printed as {@code file:line:column: message}, then the offending
 * value and a hint, each on its own line.
 */
public final class ScenarioError extends UserError {

    private static final long serialVersionUID = 1L;

    private final transient SourceLocation location;
    private final String value;

    public ScenarioError(SourceLocation location, String message, String value, String hint) {
        super(message, hint);
        this.location = location;
        this.value = value;
    }

    public ScenarioError(SourceLocation location, String message, String value, String hint, Throwable cause) {
        super(message, hint, cause);
        this.location = location;
        this.value = value;
    }

    /** Wraps a location-free user error (from sim-core) with the location of the value that caused it. */
    public static ScenarioError at(SourceLocation location, String value, UserError cause) {
        if (cause instanceof ScenarioError located) {
            return located;
        }
        return new ScenarioError(location, cause.getMessage(), value, cause.hint(), cause);
    }

    public SourceLocation location() {
        return location;
    }

    public String value() {
        return value;
    }

    @Override
    public String userMessage() {
        StringBuilder out = new StringBuilder();
        out.append(location).append(": error: ").append(getMessage());
        if (value != null) {
            out.append("\n  value: ").append(value);
        }
        if (!hint().isEmpty()) {
            out.append("\n  hint: ").append(hint());
        }
        return out.toString();
    }
}

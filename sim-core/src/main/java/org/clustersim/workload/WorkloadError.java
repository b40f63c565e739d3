package org.clustersim.workload;

import org.clustersim.error.UserError;

/**
 * A model shape or parallelism plan that cannot be used, with the key that is at fault so the scenario layer can point
 * at the line that set it.
 *
 * <p>{@link #key()} is relative to its section: {@code "expert"} for the plan's {@code parallelism.expert},
 * {@code "moe.activeExperts"} for the model's {@code model.moe.activeExperts}; empty when the section as a whole is at
 * fault (a plan that does not fit).
 */
public class WorkloadError extends UserError {

    private static final long serialVersionUID = 1L;

    private final String key;

    public WorkloadError(String key, String message, String hint) {
        super(message, hint);
        this.key = key == null ? "" : key;
    }

    public String key() {
        return key;
    }
}

package org.clustersim.topology;

import org.clustersim.error.UserError;

/**
 * A topology that cannot be built from the parameters given (a radix too small for the endpoints, an oversubscription
 * below 1, planes that do not divide the GPUs of a node). Names the offending parameter so that the scenario layer can
 * point at the line that set it.
 */
public final class TopologyParameterError extends UserError {

    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String value;

    /**
     * @param parameter the {@link FabricParameters} component at fault: {@code switchRadix}, {@code oversubscription},
     *                  {@code planes}, {@code podNodes}, {@code nodes}, {@code gpusPerNode} or {@code nicsPerNode}
     */
    public TopologyParameterError(String parameter, String value, String message, String hint) {
        super(message, hint);
        this.parameter = parameter;
        this.value = value;
    }

    public String parameter() {
        return parameter;
    }

    /** The offending value as the user would write it. */
    public String value() {
        return value;
    }
}

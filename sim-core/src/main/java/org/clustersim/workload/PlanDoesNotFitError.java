package org.clustersim.workload;

/** A plan whose peak memory on some GPU exceeds its capacity; the message names the rank, need and capacity. */
public final class PlanDoesNotFitError extends WorkloadError {

    private static final long serialVersionUID = 1L;

    private final transient MemoryReport report;

    public PlanDoesNotFitError(MemoryReport report, String message, String hint) {
        super("", message, hint);
        this.report = report;
    }

    public MemoryReport report() {
        return report;
    }
}

package org.clustersim.reliability;

/**
 * How often a job is interrupted and what each interruption costs. Failures arrive as a Poisson process whose rate is
 * the sum over the job's GPUs and nodes; Llama 3 saw 419 unexpected interruptions in 54 days on 16,384 H100s, one per
 * ~50,700 GPU-hours (fleet-and-hardware.md, Reliability at scale).
 *
 * @param failuresPerGpuHour    interruptions per GPU-hour attributed to GPUs (and their HBM, NVLink, ...)
 * @param failuresPerNodeHour   interruptions per node-hour attributed to the rest of the server (NICs, host, PSU)
 * @param checkpointSeconds     time the job stalls to write one checkpoint
 * @param restartSeconds        detection + rescheduling + reload time after an interruption
 */
public record FailureModel(double failuresPerGpuHour, double failuresPerNodeHour, double checkpointSeconds,
                           double restartSeconds) {

    public FailureModel {
        nonNegative("failuresPerGpuHour", failuresPerGpuHour);
        nonNegative("failuresPerNodeHour", failuresPerNodeHour);
        nonNegative("checkpointSeconds", checkpointSeconds);
        nonNegative("restartSeconds", restartSeconds);
    }

    /** Mean time between interruptions of a job spanning {@code gpus} GPUs in {@code nodes} nodes; infinite if none. */
    public double jobMtbfSeconds(long gpus, long nodes) {
        double perHour = failuresPerGpuHour * gpus + failuresPerNodeHour * nodes;
        return perHour == 0 ? Double.POSITIVE_INFINITY : 3600.0 / perHour;
    }

    /**
     * Young/Daly optimal checkpoint interval (work between checkpoints), sqrt(2 x C x M) (Young, CACM 1974; Daly,
     * FGCS 2006), never shorter than the checkpoint itself.
     */
    public double optimalIntervalSeconds(long gpus, long nodes) {
        double mtbf = jobMtbfSeconds(gpus, nodes);
        if (Double.isInfinite(mtbf)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(checkpointSeconds, Math.sqrt(2 * checkpointSeconds * mtbf));
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0: " + value);
        }
    }
}

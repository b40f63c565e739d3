package org.clustersim.step;

import java.util.List;

/**
 * What every simulated pipeline rank did during the step, stream by stream, for reports and traces: compute spans on
 * the compute stream (a pipeline op's compute, without the communication it waits for) and communication spans on
 * their streams. The step's time does not depend on it; it is laid out from the same numbers the simulation used.
 *
 * <p>Within an op, the model knows each kind's total time, not how it interleaves with the layers' kernels, so an op's
 * communication is drawn after its compute, kind after kind (DualPipe's overlapped pairs: from the op's start, beside
 * the compute). Pipeline sends start when the op that produced them ends.
 */
public record StepActivity(List<RankActivity> ranks) {

    public static final StepActivity EMPTY = new StepActivity(List.of());

    public StepActivity {
        ranks = List.copyOf(ranks);
    }

    /** What the compute stream is doing. */
    public enum ComputeKind {
        FORWARD("forward"), BACKWARD_INPUT("backwardInput"), BACKWARD("backward"),
        WEIGHT_GRADIENT("weightGradient"), OPTIMIZER("optimizer");

        private final String key;

        ComputeKind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * One pipeline rank of the simulated replica.
     *
     * @param endNs when the rank finished its step (after gradient sync and optimizer)
     */
    public record RankActivity(int pipelineRank, List<ComputeSpan> compute, List<CommSpan> communication,
                               long endNs) {
        public RankActivity {
            compute = List.copyOf(compute);
            communication = List.copyOf(communication);
        }
    }

    /** @param microBatch the op's micro-batch, or -1 for the optimizer */
    public record ComputeSpan(ComputeKind kind, int microBatch, long startNs, long endNs) {
    }

    public record CommSpan(CommKind kind, long startNs, long endNs, TierBytes bytes) {
    }
}

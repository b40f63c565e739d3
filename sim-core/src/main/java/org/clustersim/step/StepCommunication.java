package org.clustersim.step;

/**
 * The communication one training step needs, as durations of single operations on the cluster. The step simulator
 * asks; an implementation answers from a network model over the real fabric (or in closed form) with the real rank
 * groups of the plan. Every method returns 0 when its group has one member.
 */
public interface StepCommunication {

    /** One tensor-parallel collective over activations of {@code bytes} (an all-reduce or its RS+AG split). */
    double tensorParallelSeconds(double bytes);

    /**
     * MoE dispatch of {@code tokensPerRank} tokens per rank to their experts, with the busiest rank receiving
     * {@code loadFactor} x the balanced share.
     */
    double expertDispatchSeconds(long tokensPerRank, double loadFactor);

    /** MoE combine: the experts' outputs back to their tokens (BF16). */
    double expertCombineSeconds(long tokensPerRank, double loadFactor);

    /** Backward of dispatch and combine (gradients in BF16 both ways). */
    double expertBackwardSeconds(long tokensPerRank, double loadFactor);

    /** Activations or gradients of {@code bytes} from one pipeline stage to the next. */
    double pipelineTransferSeconds(double bytes);

    /** Context-parallel exchange of keys and values of {@code bytes} per rank for one layer. */
    double contextParallelSeconds(double bytes);

    /** Reduce-scatter over the data-parallel group of {@code bytes} per rank (ZeRO >= 1 gradients). */
    double dataParallelReduceScatterSeconds(double bytes);

    /** All-gather over the data-parallel group of {@code bytes} per rank (ZeRO >= 1 updated weights). */
    double dataParallelAllGatherSeconds(double bytes);

    /** All-reduce over the data-parallel group (ZeRO 0 gradients). */
    double dataParallelAllReduceSeconds(double bytes);

    /** All-reduce of expert gradients over the ranks that hold the same experts. */
    double expertDataParallelAllReduceSeconds(double bytes);

    /** What this implementation is, for reports ("analytical", "flow-level"). */
    String fidelity();

    /**
     * Bytes one GPU moves, by tier, for a collective or pipeline transfer of {@code bytes} (the size passed to the
     * timing method of that kind). Reports draw link utilisation from it; the step's time does not use it. The
     * default knows nothing.
     */
    default TierBytes tierBytes(CommKind kind, double bytes) {
        return TierBytes.NONE;
    }

    /** The same for a MoE exchange of {@code tokensPerRank} tokens with the busiest rank at {@code loadFactor}. */
    default TierBytes moeTierBytes(CommKind kind, long tokensPerRank, double loadFactor) {
        return TierBytes.NONE;
    }
}

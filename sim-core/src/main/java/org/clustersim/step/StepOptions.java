package org.clustersim.step;

import java.util.List;

/**
 * How to simulate a step.
 *
 * @param expertLoadPerGroup load factor of the busiest rank of each expert-parallel group (its tokens over the
 *                           balanced share), in group order within a stage; one entry = the same for every group;
 *                           empty = balanced
 * @param full               simulate every pipeline replica instead of one per stage
 * @param attentionKernel    how attention is computed (FlashAttention, or 2021-style materialized scores)
 * @param zeroCollectives    how ZeRO-3 groups its weight gathers and gradient reduce-scatters
 * @param recordActivity     lay out what every simulated rank did, stream by stream ({@link StepResult#activity()}),
 *                           for reports and traces; off, the result carries an empty activity and the step costs
 *                           less (sweeps do not need it). The step's numbers are the same either way.
 */
public record StepOptions(List<Double> expertLoadPerGroup, boolean full, AttentionKernel attentionKernel,
                          ZeroCollectives zeroCollectives, boolean recordActivity) {

    public static final StepOptions BALANCED = new StepOptions(List.of(), false, AttentionKernel.FLASH,
            ZeroCollectives.PER_LAYER, false);

    /**
     * ZeRO-3's collectives: one all-gather (and one reduce-scatter) per layer, bucketed and prefetched beside the
     * compute as PyTorch FSDP does, or DeepSpeed's 2021 ZeRO-3: one gather per parameter tensor, none of them overlapped
     * with compute, each paying its host time, a ring's latency and one copy kernel per rank (both linear in ranks).
     */
    public enum ZeroCollectives { PER_LAYER, PER_TENSOR }

    public StepOptions {
        expertLoadPerGroup = List.copyOf(expertLoadPerGroup);
        java.util.Objects.requireNonNull(attentionKernel, "attentionKernel");
        java.util.Objects.requireNonNull(zeroCollectives, "zeroCollectives");
        for (double f : expertLoadPerGroup) {
            if (!(f >= 1) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("expert load factors are >= 1 (busiest over balanced): " + f);
            }
        }
    }

    /** Per-layer ZeRO collectives, no activity recorded. */
    public StepOptions(List<Double> expertLoadPerGroup, boolean full, AttentionKernel attentionKernel) {
        this(expertLoadPerGroup, full, attentionKernel, ZeroCollectives.PER_LAYER, false);
    }

    public StepOptions withFull(boolean value) {
        return new StepOptions(expertLoadPerGroup, value, attentionKernel, zeroCollectives, recordActivity);
    }

    public StepOptions withAttentionKernel(AttentionKernel kernel) {
        return new StepOptions(expertLoadPerGroup, full, kernel, zeroCollectives, recordActivity);
    }

    public StepOptions withExpertLoad(List<Double> loads) {
        return new StepOptions(loads, full, attentionKernel, zeroCollectives, recordActivity);
    }

    public StepOptions withZeroCollectives(ZeroCollectives granularity) {
        return new StepOptions(expertLoadPerGroup, full, attentionKernel, granularity, recordActivity);
    }

    public StepOptions withActivity(boolean value) {
        return new StepOptions(expertLoadPerGroup, full, attentionKernel, zeroCollectives, value);
    }

    /** True when every expert-parallel group sees the same load, so one replica stands for all. */
    public boolean symmetric() {
        return expertLoadPerGroup.stream().distinct().count() <= 1;
    }

    public double loadOfGroup(int group) {
        if (expertLoadPerGroup.isEmpty()) {
            return 1.0;
        }
        return expertLoadPerGroup.get(group % expertLoadPerGroup.size());
    }

    public double maxLoad() {
        return expertLoadPerGroup.stream().mapToDouble(Double::doubleValue).max().orElse(1.0);
    }
}

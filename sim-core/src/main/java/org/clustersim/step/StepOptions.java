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
 * @param recordActivity     lay out what every simulated rank did, stream by stream ({@link StepResult#activity()}),
 *                           for reports and traces; off, the result carries an empty activity and the step costs
 *                           less (sweeps do not need it). The step's numbers are the same either way.
 */
public record StepOptions(List<Double> expertLoadPerGroup, boolean full, AttentionKernel attentionKernel,
                          boolean recordActivity) {

    public static final StepOptions BALANCED = new StepOptions(List.of(), false, AttentionKernel.FLASH, false);

    public StepOptions {
        expertLoadPerGroup = List.copyOf(expertLoadPerGroup);
        java.util.Objects.requireNonNull(attentionKernel, "attentionKernel");
        for (double f : expertLoadPerGroup) {
            if (!(f >= 1) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("expert load factors are >= 1 (busiest over balanced): " + f);
            }
        }
    }

    /** Options that do not record the step's activity. */
    public StepOptions(List<Double> expertLoadPerGroup, boolean full, AttentionKernel attentionKernel) {
        this(expertLoadPerGroup, full, attentionKernel, false);
    }

    public StepOptions withFull(boolean value) {
        return new StepOptions(expertLoadPerGroup, value, attentionKernel, recordActivity);
    }

    public StepOptions withAttentionKernel(AttentionKernel kernel) {
        return new StepOptions(expertLoadPerGroup, full, kernel, recordActivity);
    }

    public StepOptions withExpertLoad(List<Double> loads) {
        return new StepOptions(loads, full, attentionKernel, recordActivity);
    }

    public StepOptions withActivity(boolean value) {
        return new StepOptions(expertLoadPerGroup, full, attentionKernel, value);
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


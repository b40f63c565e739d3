package org.clustersim.pipeline;

import java.util.List;

/**
 * A pipeline schedule: how stages are laid out on ranks and, for each rank, the order in which it runs its ops. The
 * simulator runs the ops in that order, each as soon as its inputs have arrived; bubbles are what is left idle.
 */
public interface PipelineSchedule {

    /** Name users write in scenarios ({@code 1f1b}, {@code dualpipe}, ...). */
    String name();

    PipelineLayout layout(int ranks, int virtualStages, int microBatches);

    /** Ops of each rank in execution order. */
    List<List<PipelineOp>> program(PipelineLayout layout);

    /**
     * Why these degrees cannot run this schedule, or null if they can. The message names the fix.
     */
    String constraintViolation(int ranks, int virtualStages, int microBatches);
}

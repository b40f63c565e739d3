package org.clustersim.workload;

/** The shape of one training step: tokens per sequence and sequences per step (the global batch). */
public record TrainingShape(int sequenceLength, int globalBatch) {

    public TrainingShape {
        if (sequenceLength <= 0 || globalBatch <= 0) {
            throw new IllegalArgumentException("sequenceLength and globalBatch must be >= 1");
        }
    }
}

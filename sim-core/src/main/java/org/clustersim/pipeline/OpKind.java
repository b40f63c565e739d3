package org.clustersim.pipeline;

/** What a pipeline op computes for one micro-batch on one stage. */
public enum OpKind {
    /** Forward pass. */
    F,
    /** Backward for inputs only (its weight gradient is deferred to a later {@link #W}): zero-bubble schedules. */
    B,
    /** Full backward: input and weight gradients together. */
    BW,
    /** Backward for weights of an earlier {@link #B}. */
    W,
    /** A forward of one micro-batch overlapped with the full backward of another (DualPipe's "F&B"). */
    FB
}

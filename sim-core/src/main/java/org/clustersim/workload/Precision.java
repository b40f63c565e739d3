package org.clustersim.workload;

/**
 * Precision of the transformer GEMMs. {@link #FP8} follows DeepSeek-V3 (§3.3, deepseek-v3.md A.2): FP8 inputs for the
 * forward, input-gradient and weight-gradient GEMMs of attention projections and FFNs, with GEMM inputs kept for the
 * backward pass in FP8 (one byte plus one FP32 scale per 128 values); embedding, output head, router, norms and the
 * attention core stay in BF16/FP32. On GPUs without FP8 tensor cores FP8 GEMMs run at the BF16 rate.
 */
public enum Precision {
    BF16(2), FP8(1 + 4.0 / 128);

    private final double activationBytes;

    Precision(double activationBytes) {
        this.activationBytes = activationBytes;
    }

    /** Bytes per element of a GEMM input kept for the backward pass. */
    public double storedGemmInputBytes() {
        return activationBytes;
    }

    /** Bytes per element of a GEMM operand read from memory. */
    public int operandBytes() {
        return this == FP8 ? 1 : 2;
    }
}

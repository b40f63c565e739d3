package org.clustersim.step;

/**
 * How attention is computed. FlashAttention (2022 on) tiles the score matrix in on-chip memory and skips the masked
 * half of causal attention; Megatron-LM's 2021 kernels (SC'21) wrote the full score matrix to HBM and ran scale,
 * mask, softmax and dropout over it, so attention cost grows with heads x sequence^2 in memory traffic too.
 */
public enum AttentionKernel {
    FLASH,
    MATERIALIZED;

    /**
     * HBM bytes moved per score-matrix element in the forward pass of the materialized kernels (FP16): the score GEMM
     * writes it (2), the fused scale-mask-softmax reads and writes it (4), dropout reads it and writes it with its mask
     * (5), and the context GEMM reads it back (2): 13 bytes. An estimate from the kernel sequence, not a measurement.
     */
    public static final double MATERIALIZED_BYTES_PER_SCORE = 13;

    /**
     * The backward pass's work over the forward's. FlashAttention keeps no score matrix, so its backward recomputes
     * Q K^T before its four gradient matmuls: five matmuls against the forward's two, the 2.5x that its own benchmarks
     * count (Dao-AILab/flash-attention benchmarks/benchmark_flash_attention.py: bwd = 2.5 x fwd FLOPs). The
     * materialized kernels keep the scores and run each of the forward's two matmuls twice: 2x.
     */
    public double backwardOverForward() {
        return this == FLASH ? 2.5 : 2.0;
    }
}

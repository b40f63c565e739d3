package org.clustersim.workload;

/**
 * Storage of AdamW's two moments. FP32 is the usual mixed-precision recipe (Megatron-LM's distributed optimizer, the
 * ZeRO paper); DeepSeek-V3 keeps them in BF16 (§3.3.3, deepseek-v3.md A.2). Master weights and gradients stay FP32
 * either way.
 */
public enum OptimizerMoments {
    FP32(4), BF16(2);

    private final int bytesEach;

    OptimizerMoments(int bytesEach) {
        this.bytesEach = bytesEach;
    }

    /** Bytes per parameter for both moments. */
    public int bytesPerParam() {
        return 2 * bytesEach;
    }
}

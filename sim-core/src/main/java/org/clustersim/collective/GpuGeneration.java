package org.clustersim.collective;

import org.clustersim.hardware.GpuType;

/** The GPU generation, which indexes NCCL's per-architecture bandwidth caps. */
public enum GpuGeneration {
    VOLTA, AMPERE, HOPPER, BLACKWELL;

    /**
     * Hopper for GPUs with FP8 tensor cores (H100, H800, H20, H200), Ampere otherwise. Blackwell has FP8 too but no
     * preset yet; a Blackwell preset must say so explicitly when added.
     */
    public static GpuGeneration of(GpuType gpu) {
        return gpu.supportsFp8() ? HOPPER : AMPERE;
    }
}

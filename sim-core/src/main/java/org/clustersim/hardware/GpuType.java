package org.clustersim.hardware;

import java.util.Objects;

/**
 * One kind of GPU, as the compute, memory and network models need it. Peaks are dense (no 2:4 sparsity). NVLink
 * bandwidth is per direction, the way DeepSeek and nccl-tests quote it (H800: 200 GB/s, of which ~160 achievable).
 *
 * @param fp8DenseFlopsPerSecond 0 when the GPU has no FP8 tensor cores (A100): FP8 work then runs at the BF16 rate
 */
public record GpuType(
        String id,
        String name,
        double bf16DenseFlopsPerSecond,
        double fp8DenseFlopsPerSecond,
        double hbmBytes,
        double hbmBytesPerSecond,
        double nvlinkBytesPerSecondPerDirection,
        double nvlinkEfficiency,
        double tdpWatts,
        int smCount) {

    public GpuType {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        positive("bf16DenseFlopsPerSecond", bf16DenseFlopsPerSecond);
        if (!(fp8DenseFlopsPerSecond >= 0)) {
            throw new IllegalArgumentException("fp8DenseFlopsPerSecond must be >= 0");
        }
        positive("hbmBytes", hbmBytes);
        positive("hbmBytesPerSecond", hbmBytesPerSecond);
        if (!(nvlinkBytesPerSecondPerDirection >= 0)) {
            throw new IllegalArgumentException("nvlinkBytesPerSecondPerDirection must be >= 0");
        }
        if (!(nvlinkEfficiency > 0 && nvlinkEfficiency <= 1)) {
            throw new IllegalArgumentException("nvlinkEfficiency must be in (0, 1]");
        }
        positive("tdpWatts", tdpWatts);
        if (smCount <= 0) {
            throw new IllegalArgumentException("smCount must be > 0");
        }
    }

    public boolean supportsFp8() {
        return fp8DenseFlopsPerSecond > 0;
    }

    /** Achievable NVLink bandwidth per direction (line rate x efficiency). */
    public double nvlinkAchievableBytesPerSecond() {
        return nvlinkBytesPerSecondPerDirection * nvlinkEfficiency;
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0: " + value);
        }
    }
}

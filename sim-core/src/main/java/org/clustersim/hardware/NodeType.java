package org.clustersim.hardware;

import java.util.Objects;

/**
 * A server chassis around its GPUs: the NICs that leave it and the power it draws beside the GPUs.
 *
 * @param nicBytesPerSecond line rate of one NIC per direction (400 Gb/s ConnectX-7 = 50 GB/s)
 * @param nicEfficiency     achievable fraction of line rate (DeepSeek uses 40 of 50 GB/s as effective)
 * @param serverOverheadWatts power drawn by CPUs, fans, NICs and storage at full load, excluding the GPUs' TDP
 */
public record NodeType(
        String id,
        int nicsPerNode,
        double nicBytesPerSecond,
        double nicEfficiency,
        double nicLatencySeconds,
        double nvlinkLatencySeconds,
        double serverOverheadWatts) {

    public NodeType {
        Objects.requireNonNull(id, "id");
        if (nicsPerNode < 0) {
            throw new IllegalArgumentException("nicsPerNode must be >= 0");
        }
        if (!(nicBytesPerSecond > 0)) {
            throw new IllegalArgumentException("nicBytesPerSecond must be > 0");
        }
        if (!(nicEfficiency > 0 && nicEfficiency <= 1)) {
            throw new IllegalArgumentException("nicEfficiency must be in (0, 1]");
        }
        if (!(nicLatencySeconds >= 0) || !(nvlinkLatencySeconds >= 0) || !(serverOverheadWatts >= 0)) {
            throw new IllegalArgumentException("latencies and power must be >= 0");
        }
    }

    public double nicAchievableBytesPerSecond() {
        return nicBytesPerSecond * nicEfficiency;
    }
}

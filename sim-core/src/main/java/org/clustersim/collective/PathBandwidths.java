package org.clustersim.collective;

/**
 * Achievable bandwidth per GPU per direction inside a node (NVLink) and out of it (the GPU's share of the node's NICs),
 * both already multiplied by their hardware efficiency (DeepSeek: 160 of 200 GB/s NVLink, 40 of 50 GB/s IB).
 */
public record PathBandwidths(double intraBytesPerSecond, double interBytesPerSecond) {

    public PathBandwidths {
        if (!(intraBytesPerSecond > 0) || !(interBytesPerSecond > 0)) {
            throw new IllegalArgumentException("bandwidths must be > 0");
        }
    }
}

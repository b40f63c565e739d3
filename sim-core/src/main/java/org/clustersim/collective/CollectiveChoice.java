package org.clustersim.collective;

/**
 * The algorithm and protocol a collective runs with, and what the analytical model predicts for it. The network
 * models receive {@link #protocolEfficiency()} and {@link #latencySeconds()} from here, so every fidelity runs the
 * collective with the same protocol overheads and differs only in how it shares links.
 *
 * @param busBwBytesPerSecond  bus bandwidth after protocol caps (nccl-tests' definition)
 * @param algBwBytesPerSecond  size / time-without-latency
 * @param latencySeconds       fixed cost of the operation (base + per-hop terms)
 * @param protocolEfficiency   busBw after protocol caps / hardware busBw, in (0, 1]
 */
public record CollectiveChoice(CollectiveKind kind, Algorithm algorithm, Protocol protocol, int ranks, int nodes,
                               double bytes, double busBwBytesPerSecond, double algBwBytesPerSecond,
                               double latencySeconds, double timeSeconds, double protocolEfficiency) {
}

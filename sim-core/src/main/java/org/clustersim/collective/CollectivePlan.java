package org.clustersim.collective;

import java.util.Objects;
import org.clustersim.network.model.Traffic;

/**
 * A collective made concrete: the algorithm and protocol chosen once, and the {@link Traffic} every network model runs
 * (the same flows, protocol efficiency and latency in every fidelity).
 *
 * @param sizeBytes        the size the bandwidths are computed from: nccl-tests' size per rank for NCCL collectives,
 *                         DeepEP's logical RDMA bytes per rank for MoE dispatch and combine
 * @param ranks            ranks per group
 * @param nodes            nodes per group
 * @param predictedSeconds the closed-form time: NCCL's tuning model for NCCL collectives, the bottleneck of the byte
 *                         counts for MoE dispatch and combine
 */
public record CollectivePlan(CollectiveKind kind, Algorithm algorithm, Protocol protocol, int ranks, int nodes,
                             double sizeBytes, double predictedSeconds, Traffic traffic) {

    public CollectivePlan {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(traffic, "traffic");
    }

    /** "ring/SIMPLE", as the command prints it. */
    public String algorithmLabel() {
        return algorithm.spelling() + "/" + protocol.name();
    }
}

package org.clustersim.network.model;

import java.util.List;
import java.util.Objects;

/**
 * One operation a network model runs: phases run one after the other, then the operation completes after its fixed
 * latency. A collective hands the same {@code Traffic} (the same protocol efficiency and latency) to whichever model
 * runs it, so fidelities differ only in how they share links.
 *
 * @param label          what this is, for reports ("all-reduce ring/SIMPLE 1 GiB over 64 ranks")
 * @param latencySeconds fixed cost added once, after the last phase (NCCL's base and per-hop latency)
 */
public record Traffic(String label, List<TrafficPhase> phases, double latencySeconds) {

    public Traffic {
        Objects.requireNonNull(label, "label");
        phases = List.copyOf(phases);
        if (!(latencySeconds >= 0) || Double.isInfinite(latencySeconds)) {
            throw new IllegalArgumentException("latency must be finite and >= 0: " + latencySeconds);
        }
    }

    public static Traffic of(String label, TrafficPhase phase, double latencySeconds) {
        return new Traffic(label, List.of(phase), latencySeconds);
    }
}

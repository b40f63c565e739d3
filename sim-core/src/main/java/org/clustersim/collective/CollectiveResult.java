package org.clustersim.collective;

import org.clustersim.network.model.Fidelity;

/**
 * How long a collective took on a network model, with nccl-tests' bandwidths: algbw = size / time, busbw = algbw x
 * the kind's factor (network-and-collectives.md §3.2).
 */
public record CollectiveResult(CollectivePlan plan, double timeSeconds, Fidelity fidelity) {

    public double algBwBytesPerSecond() {
        return timeSeconds > 0 ? plan.sizeBytes() / timeSeconds : Double.POSITIVE_INFINITY;
    }

    public double busBwBytesPerSecond() {
        return algBwBytesPerSecond() * plan.kind().busBandwidthFactor(plan.ranks());
    }
}

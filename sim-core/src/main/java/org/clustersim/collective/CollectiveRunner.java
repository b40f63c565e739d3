package org.clustersim.collective;

import org.clustersim.engine.SimTime;
import org.clustersim.network.model.NetworkModel;
import org.clustersim.network.model.Traffic;

/** Runs one operation alone on a network model and reports how long it took: what a benchmark of one collective does. */
public final class CollectiveRunner {

    private CollectiveRunner() {
    }

    /** Starts the traffic now, runs the simulation until it completes, returns the elapsed simulated seconds. */
    public static double seconds(NetworkModel network, Traffic traffic) {
        long start = network.simulation().nowNs();
        long[] end = {-1};
        network.start(traffic, () -> {
            end[0] = network.simulation().nowNs();
            network.simulation().stop();
        });
        network.simulation().run();
        if (end[0] < 0) {
            throw new IllegalStateException("'" + traffic.label() + "' never completed");
        }
        return SimTime.nsToSeconds(end[0] - start);
    }

    /** Runs a plan alone and reports it the way nccl-tests does. */
    public static CollectiveResult measure(NetworkModel network, CollectivePlan plan) {
        return new CollectiveResult(plan, seconds(network, plan.traffic()), network.fidelity());
    }
}

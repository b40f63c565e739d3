package org.clustersim.network.model;

import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;

/**
 * The network as the rest of the simulator sees it: start an operation on the shared {@link Simulation} and be
 * called back when it completes. Operations may overlap; whether they contend depends on the implementation
 * ({@link Fidelity}). Implementations: {@link AnalyticalNetworkModel}, {@link FlowLevelNetworkModel} (with or without
 * flow classes).
 *
 * <p>A model belongs to one simulation and one fabric, and like the engine it is single-threaded.
 */
public interface NetworkModel {

    Fidelity fidelity();

    Fabric fabric();

    Simulation simulation();

    /**
     * Starts an operation now. {@code onComplete} runs, as an event of the simulation, when its last phase has
     * finished and its latency has passed.
     */
    void start(Traffic traffic, Runnable onComplete);

    /**
     * Starts a point-to-point transfer of {@code bytes} from one rank to another now, at full protocol efficiency;
     * its latency is the route's ({@link Fabric#latencySeconds(org.clustersim.network.Route)}).
     */
    void startTransfer(int srcRank, int dstRank, double bytes, Runnable onComplete);

    /** Operations started and not yet completed. */
    int activeOperations();

    /** Per-link bytes and per-tier utilisation; {@link LinkStatistics#enabled()} is false unless asked for. */
    LinkStatistics statistics();
}

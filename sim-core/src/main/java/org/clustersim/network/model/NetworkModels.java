package org.clustersim.network.model;

import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;

/** Creates the network model of a fidelity. */
public final class NetworkModels {

    private NetworkModels() {
    }

    public static NetworkModel create(Fidelity fidelity, Simulation simulation, Fabric fabric) {
        return create(fidelity, simulation, fabric, ModelOptions.DEFAULT);
    }

    public static NetworkModel create(Fidelity fidelity, Simulation simulation, Fabric fabric, ModelOptions options) {
        return switch (fidelity) {
            case ANALYTICAL -> new AnalyticalNetworkModel(simulation, fabric, options);
            case FLOW -> new FlowLevelNetworkModel(simulation, fabric, true, options);
            case PER_FLOW -> new FlowLevelNetworkModel(simulation, fabric, false, options);
        };
    }
}

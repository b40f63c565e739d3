package org.clustersim.network.model;

import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;

/** The network-model contract for the analytical: alpha-beta, no contention mode. */
class AnalyticalNetworkModelTest extends NetworkModelContractTest {

    @Override
    NetworkModel create(Simulation simulation, Fabric fabric, ModelOptions options) {
        return new AnalyticalNetworkModel(simulation, fabric, options);
    }

    @Override
    boolean contends() {
        return false;
    }
}

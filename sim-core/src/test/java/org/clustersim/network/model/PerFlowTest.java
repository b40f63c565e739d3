package org.clustersim.network.model;

import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;

/** The network-model contract for the flow-level, every flow its own variable mode. */
class PerFlowTest extends NetworkModelContractTest {

    @Override
    NetworkModel create(Simulation simulation, Fabric fabric, ModelOptions options) {
        return new FlowLevelNetworkModel(simulation, fabric, false, options);
    }

    @Override
    boolean contends() {
        return true;
    }
}

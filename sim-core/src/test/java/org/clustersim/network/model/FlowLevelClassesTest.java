package org.clustersim.network.model;

import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;

/** The network-model contract for the flow-level with verified classes mode. */
class FlowLevelClassesTest extends NetworkModelContractTest {

    @Override
    NetworkModel create(Simulation simulation, Fabric fabric, ModelOptions options) {
        return new FlowLevelNetworkModel(simulation, fabric, true, options);
    }

    @Override
    boolean contends() {
        return true;
    }
}

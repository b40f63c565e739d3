package org.clustersim.network.model;

import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;

/** The network-model contract for the flow-level with classes, ECMP stages expanded into their links mode. */
class FlowLevelLinkByLinkTest extends NetworkModelContractTest {

    @Override
    NetworkModel create(Simulation simulation, Fabric fabric, ModelOptions options) {
        return new FlowLevelNetworkModel(simulation, fabric, true, options.withAggregateStages(false));
    }

    @Override
    boolean contends() {
        return true;
    }
}

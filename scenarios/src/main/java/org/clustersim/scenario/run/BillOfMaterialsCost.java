package org.clustersim.scenario.run;

import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.topology.FabricFactory;

/** Network capex of a scenario's fabric: its bill of materials at the scenario's (or the catalog's) unit prices. */
final class BillOfMaterialsCost {

    private BillOfMaterialsCost() {
    }

    static double networkCapexUsd(Scenario scenario) {
        return FabricFactory.build(scenario).billOfMaterials().cost(FabricFactory.prices(scenario)).totalUsd();
    }
}

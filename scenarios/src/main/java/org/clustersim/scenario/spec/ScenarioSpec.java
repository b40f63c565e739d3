package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Required;

/** A scenario file as written: what to simulate (cluster, model, plan), how long (training) and at what price. */
@Doc("A clustersim scenario: a cluster, a model, a parallelism plan, a training run and its prices.")
public record ScenarioSpec(
        @Required @Doc("Short name of the scenario, used in reports and sweep results.") String name,
        @Doc("Free text shown at the top of reports.") String description,
        @Doc("Path of a scenario this one inherits from, relative to this file. Keys here override it.")
        String extends_,
        @Required @Doc("The hardware: GPU type, node type, node count and network fabric.") ClusterSpec cluster,
        @Doc("The model trained: a preset name (e.g. deepseek-v3) or its shapes.") ModelSpec model,
        @Doc("The parallelism plan: tensor, pipeline, expert, data and context degrees, ZeRO, schedule.")
        ParallelismSpec parallelism,
        @Doc("The training run: phases with tokens, sequence length and batch; failures and checkpoints.")
        TrainingSpec training,
        @Doc("Prices for rental and ownership cost.") CostsSpec costs,
        @Doc("Published measurements of this configuration, for calibration and validation.")
        CalibrationSpec calibration,
        @Doc("A fleet of owned GPU pools priced alongside the run (capex, opex, power, reconciliation).")
        FleetSpec fleet) {
}

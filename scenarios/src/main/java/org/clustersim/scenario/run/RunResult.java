package org.clustersim.scenario.run;

import java.util.List;
import org.clustersim.cost.PoolCost;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.run.Assumption;
import org.clustersim.scenario.step.StepRunner;

/**
 * Everything one run of a scenario produced; {@code result.json} is written from it and every other output derives
 * from that.
 *
 * @param steps     one simulated step per phase that has a model, a plan and a step shape (empty for compute-only)
 * @param phases    per-phase totals
 * @param model     "step" when steps were simulated, "compute-only" otherwise
 * @param rentalUsd GPU-hours x the scenario's rental price, or NaN when the scenario gives no price
 * @param goodput           useful time over wall-clock time (checkpoints, failures, restarts)
 * @param monteCarloSeconds mean wall-clock time over the seeded Monte Carlo replications of failures
 * @param ownershipUsd      the run's share of owning its cluster, or NaN when servers are not priced
 * @param ownershipPool     the yearly cost of owning the run's cluster, in parts (null when servers are not priced);
 *                          {@code ownershipUsd} is the run's share of it
 */
public record RunResult(String scenarioName, String description, String sourceFile, ClusterConfig cluster,
                        String model, List<StepRunner.PhaseStep> steps, List<PhaseRun> phases, double timeSeconds,
                        double gpuHours, double rentalUsd, long eventsSimulated, List<Assumption> assumptions,
                        String toolVersion, double goodput, double monteCarloSeconds, double ownershipUsd,
                        PoolCost ownershipPool) {

    public RunResult {
        steps = List.copyOf(steps);
        phases = List.copyOf(phases);
        assumptions = List.copyOf(assumptions);
    }

    /** A result without the ownership parts. */
    public RunResult(String scenarioName, String description, String sourceFile, ClusterConfig cluster,
                     String model, List<StepRunner.PhaseStep> steps, List<PhaseRun> phases, double timeSeconds,
                     double gpuHours, double rentalUsd, long eventsSimulated, List<Assumption> assumptions,
                     String toolVersion, double goodput, double monteCarloSeconds, double ownershipUsd) {
        this(scenarioName, description, sourceFile, cluster, model, steps, phases, timeSeconds, gpuHours, rentalUsd,
                eventsSimulated, assumptions, toolVersion, goodput, monteCarloSeconds, ownershipUsd, null);
    }
}

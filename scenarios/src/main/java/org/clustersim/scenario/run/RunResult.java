package org.clustersim.scenario.run;

import java.util.List;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.run.Assumption;
import org.clustersim.run.ComputeOnlyRun;

/**
 * Everything one run of a scenario produced; {@code result.json} is written from it and every other output derives
 * from that.
 *
 * @param rentalUsd GPU-hours x the scenario's rental price, or NaN when the scenario gives no price
 */
public record RunResult(String scenarioName, String description, String sourceFile, ClusterConfig cluster,
                        ComputeOnlyRun.Estimate estimate, double rentalUsd, List<Assumption> assumptions,
                        String toolVersion) {

    public RunResult {
        assumptions = List.copyOf(assumptions);
    }
}

package org.clustersim.report;

import java.util.List;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.fleet.FleetResult;
import org.clustersim.scenario.run.RunResult;
import org.clustersim.scenario.step.CalibrationComparison;

/**
 * Everything a run's outputs are written from: the scenario as resolved, its result, the fleet (null when the scenario
 * has none) and, for calibration scenarios, the published numbers beside the simulated ones.
 */
public record RunReport(Scenario scenario, RunResult result, FleetResult fleet,
                        List<CalibrationComparison> calibration) {

    public RunReport {
        calibration = List.copyOf(calibration);
    }

    public static RunReport of(Scenario scenario, RunResult result, FleetResult fleet, Catalog catalog) {
        List<CalibrationComparison> calibration = result.steps().isEmpty() ? List.of()
                : CalibrationComparison.of(scenario, result.steps().get(0), catalog);
        return new RunReport(scenario, result, fleet, calibration);
    }
}

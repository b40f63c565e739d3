package org.clustersim.report;

import java.nio.file.Path;
import java.util.List;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.fleet.FleetCalculator;
import org.clustersim.scenario.fleet.FleetResult;
import org.clustersim.scenario.run.RunResult;
import org.clustersim.scenario.run.ScenarioRunner;
import org.clustersim.step.StepOptions;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Runs shipped scenarios the way {@code clustersim run} does, for the report tests. */
public final class Fixtures {

    public static final Path EXAMPLES = Path.of("..", "scenarios", "examples");
    public static final Path VALIDATION = Path.of("..", "scenarios", "validation");

    private Fixtures() {
    }

    public static RunReport run(Path file, String... overrides) {
        ScenarioLoader loader = new ScenarioLoader();
        Scenario scenario = loader.load(file, List.of(overrides));
        RunResult result = new ScenarioRunner("test", loader.catalog()).run(scenario,
                StepOptions.BALANCED.withActivity(true));
        FleetResult fleet = scenario.spec().value().fleet() == null ? null
                : new FleetCalculator(loader.catalog()).compute(scenario, result);
        return RunReport.of(scenario, result, fleet, loader.catalog());
    }

    /** The tree of result.json, as written and read back (so tests see what a reader of the file sees). */
    public static ObjectNode resultJson(RunReport report) {
        ResultJson json = new ResultJson();
        return (ObjectNode) JsonMapper.builder().build().readTree(json.toJson(json.toTree(report)));
    }
}

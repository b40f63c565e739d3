package org.clustersim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FleetRunTest {

    static final Path EXAMPLES = Path.of("..", "scenarios", "examples");

    @Test
    void fiftyThousandGpuFleetRunsAndPrintsItsRatioToTheReportedCapex() {
        CliHarness.Outcome o = CliHarness.run("run", EXAMPLES.resolve("deepseek-fleet-50k.yaml").toString());
        assertThat(o.exitCode()).as(o.err()).isEqualTo(0);
        assertThat(o.out()).contains("fleet: 50,000 GPUs in 3 enabled pools (disabled: a100)")
                .containsPattern("capex / reported \\$1,600,000,000 = \\d\\.\\d\\d")
                .contains("reconciliation").contains("approximation");
        System.out.println(o.out().substring(o.out().indexOf("fleet:")));
    }

    @Test
    void jsonCarriesTheFleet() throws Exception {
        CliHarness.Outcome o = CliHarness.run("run", "--json",
                EXAMPLES.resolve("deepseek-fleet-50k.yaml").toString());
        assertThat(o.exitCode()).as(o.err()).isEqualTo(0);
        JsonNode fleet = JsonMapper.builder().build().readTree(o.out()).get("fleet");
        assertThat(fleet).isNotNull();
        double capex = fleet.get("capexUsd").asDouble();
        double sum = 0;
        for (JsonNode pool : fleet.get("pools")) {
            sum += pool.get("capexUsd").asDouble();
        }
        assertThat(sum).isEqualTo(capex);
        assertThat(fleet.get("capexRatioToReported").asDouble()).isEqualTo(capex / 1.6e9);
        assertThat(fleet.get("opexUsdPerYear").asDouble()).isGreaterThan(0);
        double steps = 0;
        for (JsonNode step : fleet.get("reconciliation")) {
            steps += step.get("usd").asDouble();
        }
        // the waterfall ends at the fleet's first-year cash cost: capex plus one year of opex
        assertThat(steps).isCloseTo(capex + fleet.get("opexUsdPerYear").asDouble(),
                org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void sharesAboveOneFailWithExitTwoBeforeSimulating() {
        CliHarness.Outcome o = CliHarness.run("run", EXAMPLES.resolve("deepseek-fleet-50k.yaml").toString(),
                "--set", "fleet.researchShare=0.9");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("fleet shares add up to more than 1").contains("deepseek-fleet-50k.yaml:");
    }

    @Test
    void negativePoolPriceFailsWithExitTwo() {
        CliHarness.Outcome o = CliHarness.run("run", EXAMPLES.resolve("deepseek-fleet-50k.yaml").toString(),
                "--set", "fleet.pools[0].serverPrice=-$1/node");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--set");
    }
}

package org.clustersim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TopologyCommandTest {

    static final String DEEPSEEK = CommandTest.EXAMPLES.resolve("deepseek-v3-2048xH800.yaml").toString();

    @Test
    void deepSeekBillOfMaterialsAsText() {
        CliHarness.Outcome outcome = CliHarness.run("topology", DEEPSEEK);
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("multi-plane fat tree: 8 planes x (8 leaves + 4 spines)",
                "Bill of materials", "leaf 64, spine 32, core 0", "Summary", "bisection bandwidth",
                "51.2 TB/s", "oversubscription leaf", "1:1", "cost per endpoint", "$4,395",
                "fitted on ISCA'25 Table 3 FT2 and FT3 rows");
    }

    @Test
    void jsonHasTheContractFields() throws Exception {
        CliHarness.Outcome outcome = CliHarness.run("topology", DEEPSEEK, "--json");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode json = new JsonMapper().readTree(outcome.out());
        assertThat(json.get("endpoints").asInt()).isEqualTo(2_048);
        assertThat(json.get("switches").asInt()).isEqualTo(96);
        assertThat(json.get("links").asLong()).isEqualTo(2_048);
        assertThat(json.get("switchesByTier").get("leaf").asInt()).isEqualTo(64);
        assertThat(json.get("switchesByTier").get("spine").asInt()).isEqualTo(32);
        assertThat(json.get("nicLinks").asLong()).isEqualTo(2_048);
        // 2,048 endpoints / 2 x 50 GB/s, non-blocking
        assertThat(json.get("bisectionBytesPerSecond").asDouble()).isEqualTo(1_024 * 50e9);
        double cost = json.get("costUsd").asDouble();
        double switchUsd = json.get("prices").get("switchUsd").asDouble();
        double linkUsd = json.get("prices").get("linkUsd").asDouble();
        assertThat(cost).isCloseTo(96 * switchUsd + 2_048 * linkUsd, within(1e-6));
        assertThat(json.get("costPerEndpointUsd").asDouble()).isCloseTo(cost / 2_048, within(1e-9));
        assertThat(json.get("oversubscription").get(0).get("ratio").asDouble()).isEqualTo(1.0);
    }

    @Test
    void overridesChangeTheFabric() throws Exception {
        CliHarness.Outcome outcome = CliHarness.run("topology", DEEPSEEK, "--json", "--set",
                "cluster.network.topology=fat-tree-3", "--set", "cluster.nodes=8192", "--set",
                "cluster.network.planes=1");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode json = new JsonMapper().readTree(outcome.out());
        // ISCA'25 Table 3 FT3 row
        assertThat(json.get("endpoints").asInt()).isEqualTo(65_536);
        assertThat(json.get("switches").asInt()).isEqualTo(5_120);
        assertThat(json.get("links").asLong()).isEqualTo(131_072);
        assertThat(json.get("costUsd").asDouble()).isCloseTo(491e6, within(1.0));
    }

    @Test
    void dotIsWrittenAtomicallyForASmallFabric(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fabric.dot");
        CliHarness.Outcome outcome = CliHarness.run("topology", DEEPSEEK, "--set", "cluster.nodes=64", "--dot",
                file.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        String dot = Files.readString(file);
        assertThat(dot).startsWith("graph fabric {").contains("subgraph cluster_node63", "gpu511", "p7-leaf1",
                "p7-leaf1 -- p7-spine0 [", "label=\"x32\"").endsWith("}\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void dotRefusesLargeFabrics(@TempDir Path dir) {
        Path file = dir.resolve("fabric.dot");
        CliHarness.Outcome outcome = CliHarness.run("topology", DEEPSEEK, "--dot", file.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(outcome.err()).contains("4,448 vertices", "at most 2,000", "hint: ", "--set cluster.nodes=")
                .doesNotContain("\tat ");
        assertThat(file).doesNotExist();
    }

    @Test
    void badTopologyParametersExitTwoWithTheirLocation() {
        CliHarness.Outcome planes = CliHarness.run("topology", DEEPSEEK, "--set", "cluster.network.planes=3");
        assertThat(planes.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(planes.err()).contains("--set cluster.network.planes=3", "error: 3 planes do not divide the 8 GPUs",
                "hint:").doesNotContain("\tat ");

        CliHarness.Outcome radix = CliHarness.run("topology", DEEPSEEK, "--set", "cluster.nodes=4096");
        assertThat(radix.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(radix.err()).contains("deepseek-v3-2048xH800.yaml:", "holds at most 16,384 endpoints",
                "32,768 GPUs", "hint:");

        CliHarness.Outcome over = CliHarness.run("topology", DEEPSEEK, "--set",
                "cluster.network.oversubscription=0.5");
        assertThat(over.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(over.err()).contains("oversubscription").doesNotContain("\tat ");
    }
}

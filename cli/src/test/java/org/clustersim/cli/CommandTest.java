package org.clustersim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CommandTest {

    static final Path EXAMPLES = Path.of("..", "scenarios", "examples");

    @Test
    void versionAndHelp() {
        CliHarness.Outcome version = CliHarness.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("clustersim ").doesNotContain("unknown");

        CliHarness.Outcome help = CliHarness.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run", "validate", "catalog", "schema", "Exit codes");
        // the command list shows each command's first description line: it must be a whole sentence
        var commands = ClusterSim.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter())).getSubcommands();
        assertThat(commands).containsKeys("run", "sweep", "optimize", "calibrate", "validate-suite", "model");
        commands.forEach((name, command) -> {
            String[] description = command.getCommandSpec().usageMessage().description();
            assertThat(description).as(name).isNotEmpty();
            assertThat(description[0].strip()).as(name + "'s summary").endsWith(".");
        });
    }

    /** Every shipped example runs, and nothing a user reads says NaN or Infinity (phases without steps, say). */
    @Test
    void everyShippedExampleRunsAndPrintsOnlyNumbersAUserCanRead() throws Exception {
        try (var files = java.nio.file.Files.list(EXAMPLES)) {
            List<Path> examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
            for (Path example : examples) {
                CliHarness.Outcome o = CliHarness.run("run", example.toString());
                assertThat(o.exitCode()).as(example + ": " + o.err()).isZero();
                assertThat(o.out()).as(example.toString()).doesNotContain("NaN").doesNotContain("Infinity");
            }
        }
    }

    @Test
    void runJsonPrintsOnlyJsonOnStdout() throws Exception {
        CliHarness.Outcome outcome = CliHarness.run("run", EXAMPLES.resolve("minimal.yaml").toString(), "--json");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode json = new JsonMapper().readTree(outcome.out());
        // 1e20 FLOPs on 8 x 989.4 TFLOPS at 40% => 1e20 / (8 * 989.4e12 * 0.4) s
        double expected = 1e20 / (8 * 989.4e12 * 0.4);
        assertThat(json.get("run").get("timeSeconds").asDouble()).isCloseTo(expected,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.get("run").get("gpuHours").asDouble()).isCloseTo(expected * 8 / 3600,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.get("cost").get("rentalUsd").asDouble()).isCloseTo(expected * 8 / 3600 * 2.99,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(outcome.err()).contains("simulating 'minimal'");
    }

    @Test
    void runByExampleNameFromRepositoryRoot() {
        // The name form resolves under scenarios/examples relative to the working directory; from cli/ it does not
        // exist, so this must be a clean user error naming the file.
        CliHarness.Outcome outcome = CliHarness.run("run", "no-such-scenario");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(outcome.err()).contains("file not found: no-such-scenario").doesNotContain("Exception");
    }

    @Test
    void userErrorExitsTwoWithLocationAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: x\ncluster:\n  gpu: H800\n  nodes: 2\n  nodez: 3\n");
        CliHarness.Outcome outcome = CliHarness.run("validate", file.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(outcome.err()).contains("bad.yaml:5:3: error: unknown key 'nodez'", "did you mean 'nodes'")
                .doesNotContain("\tat ");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void badOptionIsAUserError() {
        CliHarness.Outcome outcome = CliHarness.run("run", "--no-such-option");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(outcome.err()).contains("error:").doesNotContain("\tat ");
    }

    @Command(name = "boom")
    static final class Boom implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("injected fault");
        }
    }

    @Test
    void internalFaultExitsOneAndShowsStackTraceOnlyUnderDebug() {
        CliHarness.Outcome plain = CliHarness.run(new Boom(), "boom");
        assertThat(plain.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(plain.err()).contains("internal error", "injected fault", "--debug").doesNotContain("\tat ");

        CliHarness.Outcome debug = CliHarness.run(new Boom(), "--debug", "boom");
        assertThat(debug.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(debug.err()).contains("java.lang.IllegalStateException: injected fault", "\tat ");
    }

    @Test
    void catalogListsPresetsWithSources() throws Exception {
        CliHarness.Outcome outcome = CliHarness.run("catalog");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("H800", "H100", "H20", "H200", "A100-80GB", "hgx-8gpu", "Sources",
                "deepseek-v3", "llama3-405b", "multi-plane", "fat-tree-3", "dualpipe", "zero-bubble", "per switch");
        CliHarness.Outcome json = CliHarness.run("catalog", "--json");
        JsonNode root = new JsonMapper().readTree(json.out());
        assertThat(root.get("gpus").get("H800").get("nvlinkBytesPerSecondPerDirection").asDouble()).isEqualTo(200e9);
        assertThat(root.get("gpus").get("H100").get("nvlinkBytesPerSecondPerDirection").asDouble()).isEqualTo(450e9);
        // the catalog's model counts come from the shapes: DeepSeek-V3 is 671B total (deepseek-v3.md A.1)
        assertThat(root.get("models").get("deepseek-v3").get("totalParams").asDouble() / 1e9)
                .isCloseTo(671, org.assertj.core.data.Offset.offset(671 * 0.01));
        assertThat(root.get("schedules").has("dualpipe")).isTrue();
        assertThat(root.get("networkPrices").get("switchUsd").asDouble()).isPositive();
    }
}

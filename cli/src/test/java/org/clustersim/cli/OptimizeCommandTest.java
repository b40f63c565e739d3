package org.clustersim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OptimizeCommandTest {

    static final String SMALL = CommandTest.EXAMPLES.resolve("moe-16xH100-optimize.yaml").toString();
    /** A narrower space than the default, to keep the command quick in tests. */
    static final String[] NARROW = {"--schedules", "1f1b,dualpipe,zero-bubble", "--max-micro-batch", "2",
            "--threads", "2"};

    static String[] args(String... extra) {
        List<String> out = new ArrayList<>(List.of("optimize", SMALL));
        out.addAll(List.of(NARROW));
        out.addAll(List.of(extra));
        return out.toArray(String[]::new);
    }

    @Test
    void printsTheTopPlansTheirBreakdownsAndTheScenarioPlansRank() {
        CliHarness.Outcome outcome = CliHarness.run(args("--top", "5"));
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        String out = outcome.out();
        System.out.println(out);
        assertThat(out).contains("clustersim optimize: moe-16xH100-optimize, phase 'pre-training'",
                "search space on 16 x H100:", "pruned ", "does not fit in GPU memory (80.0 GiB per H100)",
                "screened ", "exact: every plan not simulated has a lower bound at or above #5's objective",
                "top 5 plans by time:", "where the step time goes", "what the model cannot tell:",
                "the scenario's plan: tensor 2, pipeline 2, expert 4", "best plan of each schedule:",
                "why the other plans lost:");
        assertThat(out).containsPattern("rank [0-9,]+ of [0-9,]+ valid plans; step 0\\.\\d+ s \\(objective \\+\\d+\\.\\d% vs #1\\)");
        // progress and logs on stderr only, as plain lines (not a terminal)
        assertThat(outcome.err()).contains("clustersim: enumerating", "clustersim: screening",
                "clustersim: simulating").doesNotContain("\r");
    }

    /**
     * The JSON is consistent with itself and with {@code clustersim run}: the winner, set into the scenario with
     * --set, simulates to the same step time.
     */
    @Test
    void jsonIsConsistentAndTheWinnerRunsToTheSameStep() throws Exception {
        CliHarness.Outcome outcome = CliHarness.run(args("--json", "--top", "3"));
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode json = new JsonMapper().readTree(outcome.out());
        JsonNode space = json.get("spaces").get(0);
        long valid = space.get("valid").asLong();
        assertThat(json.get("pruned").get("total").asLong() + valid).isEqualTo(space.get("plans").asLong());
        long byReason = 0;
        for (JsonNode r : json.get("pruned").get("byReason")) {
            byReason += r.get("count").asLong();
        }
        assertThat(byReason).isEqualTo(json.get("pruned").get("total").asLong());
        assertThat(json.get("search").get("topExact").asBoolean()).isTrue();
        assertThat(json.get("search").get("screened").asLong()).isEqualTo(valid);
        JsonNode top = json.get("top");
        assertThat(top).hasSize(3);
        assertThat(top.get(0).get("rank").asInt()).isEqualTo(1);
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).get("stepSeconds").asDouble())
                    .isGreaterThanOrEqualTo(top.get(i - 1).get("stepSeconds").asDouble());
        }
        for (JsonNode t : top) {
            assertThat(t.get("lowerBoundSeconds").asDouble()).isLessThanOrEqualTo(t.get("stepSeconds").asDouble());
            double parts = 0;
            for (JsonNode v : t.get("breakdownSeconds")) {
                parts += v.asDouble();
            }
            assertThat(parts).isCloseTo(t.get("stepSeconds").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(t.get("peakMemoryBytes").asDouble()).isLessThanOrEqualTo(t.get("memoryCapacityBytes")
                    .asDouble());
        }
        JsonNode own = json.get("scenarioPlan");
        assertThat(own.get("rank").asLong()).isGreaterThan(1);
        assertThat(own.get("rankExact").asBoolean()).isTrue();
        assertThat(own.get("result").get("stepSeconds").asDouble())
                .isGreaterThanOrEqualTo(top.get(0).get("stepSeconds").asDouble());

        JsonNode plan = top.get(0).get("plan");
        List<String> run = new ArrayList<>(List.of("run", SMALL, "--json"));
        for (String key : List.of("tensor", "pipeline", "virtualStages", "expert", "data", "context", "zero",
                "microBatch", "schedule", "recompute")) {
            run.add("--set");
            run.add("parallelism." + key + "=" + plan.get(key).asString());
        }
        CliHarness.Outcome ran = CliHarness.run(run.toArray(String[]::new));
        assertThat(ran.exitCode()).as(ran.err()).isZero();
        double step = new JsonMapper().readTree(ran.out()).get("step").get("timeSeconds").asDouble();
        assertThat(step).isEqualTo(top.get(0).get("stepSeconds").asDouble());
    }

    @Test
    void searchesSeveralGpuCountsForCost() throws Exception {
        CliHarness.Outcome outcome = CliHarness.run(args("--json", "--gpus", "8,16", "--objective", "cost"));
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode json = new JsonMapper().readTree(outcome.out());
        assertThat(json.get("spaces")).hasSize(2);
        assertThat(json.get("objective").get("kind").asString()).isEqualTo("cost");
        JsonNode top = json.get("top");
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).get("rentalUsd").asDouble())
                    .isGreaterThanOrEqualTo(top.get(i - 1).get("rentalUsd").asDouble());
        }
        for (JsonNode t : top) {
            // rental = steps x step x GPUs x $2.99 / 3600
            double expected = json.get("phase").get("steps").asDouble() * t.get("stepSeconds").asDouble()
                    * t.get("gpus").asInt() * 2.99 / 3600;
            assertThat(t.get("rentalUsd").asDouble()).isCloseTo(expected,
                    org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--objective|fastest|Invalid value for option '--objective'",
            "--top|0|--top must be at least 1",
            "--gpus|12|--gpus 12 is not a whole number of 8-GPU nodes",
            "--schedules|1f1b,warp|unknown schedule 'warp'",
            "--schedules|dualpipe-v|dualpipe-v cannot be searched",
            "--phase|nope|the scenario has no phase 'nope'",
            "--tie|1.5|--tie must be a fraction",
            "--max-micro-batch|0|--max-micro-batch must be at least 1"})
    void badOptionsExitTwoWithAHint(String option, String value, String message) {
        CliHarness.Outcome outcome = CliHarness.run("optimize", SMALL, option, value);
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(outcome.err()).contains(message).doesNotContain("\tat ");
    }

    @Test
    void noValidPlanPrintsTheReasonsAndExitsTwo() {
        CliHarness.Outcome outcome = CliHarness.run("optimize", SMALL, "--set", "cluster.nodes=1", "--set",
                "cluster.gpu=A100-40GB", "--set", "model.layers=32", "--schedules", "1f1b");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(outcome.out()).contains("no valid plan", "does not fit in GPU memory (40.0 GiB per A100-40GB)",
                "the scenario's plan (tensor 2, pipeline 2");
        assertThat(outcome.err()).contains("error: no plan of the searched space can run", "hint:");
    }

    @Test
    void costWithoutAPriceOrWithoutAModelIsAUserError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("noprice.yaml");
        Files.writeString(file, Files.readString(Path.of(SMALL)).replaceAll("(?s)costs:.*", ""));
        CliHarness.Outcome cost = CliHarness.run("optimize", file.toString(), "--objective", "cost");
        assertThat(cost.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(cost.err()).contains("needs a GPU-hour price", "hint: set costs.gpuHourPrice");
        CliHarness.Outcome mix = CliHarness.run("optimize", file.toString(), "--objective", "mix", "--weight-time",
                "2");
        assertThat(mix.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(mix.err()).contains("--weight-time must be between 0 and 1");

        CliHarness.Outcome noModel = CliHarness.run("optimize", CommandTest.EXAMPLES.resolve("minimal.yaml")
                .toString());
        assertThat(noModel.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(noModel.err()).contains("optimize needs a model");
    }
}

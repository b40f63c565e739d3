package org.clustersim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CollectiveCommandTest {

    static final String DEEPSEEK = Path.of("..", "scenarios", "examples", "deepseek-v3-2048xH800.yaml").toString();

    static JsonNode json(CliHarness.Outcome outcome) {
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        return new JsonMapper().readTree(outcome.out());
    }

    @Test
    void printsAnNcclTestsTable() {
        CliHarness.Outcome o = CliHarness.run("collective", DEEPSEEK, "--op", "all-reduce", "--ranks", "0-63",
                "--sizes", "1M..4M");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("size(B)", "count", "time(us)", "algbw(GB/s)", "busbw(GB/s)", "algorithm",
                "1048576", "2097152", "4194304", "Avg bus bandwidth");
        assertThat(o.out().lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(3);
        assertThat(o.err()).contains("all-reduce over 64 ranks on 8 node(s)");
    }

    @Test
    void jsonHasTheNcclTestsFieldsAndFactors() {
        JsonNode rows = json(CliHarness.run("collective", DEEPSEEK, "--op", "all-reduce", "--ranks", "0-63",
                "--sizes", "8K..8M", "--step-factor", "4", "--json"));
        assertThat(rows.size()).isEqualTo(6); // 8K 32K 128K 512K 2M 8M
        for (JsonNode row : rows) {
            double size = row.get("sizeBytes").asDouble();
            double time = row.get("timeUs").asDouble() * 1e-6;
            assertThat(row.get("algBwGBps").asDouble()).isCloseTo(size / time / 1e9, offset(1e-9));
            // nccl-tests: all-reduce busbw = algbw x 2(n-1)/n
            assertThat(row.get("busBwGBps").asDouble()).isCloseTo(row.get("algBwGBps").asDouble() * 2 * 63 / 64,
                    offset(1e-9));
            assertThat(row.get("algorithm").asText()).matches("(ring|tree|hierarchical)/(LL|LL128|SIMPLE)");
        }
        assertThat(rows.get(0).get("sizeBytes").asLong()).isEqualTo(8192);
    }

    @Test
    void fidelitiesAgreeOnAnUncontendedAllToAll() {
        double[] times = new double[3];
        String[] fidelities = {"analytical", "flow", "per-flow"};
        for (int i = 0; i < 3; i++) {
            JsonNode rows = json(CliHarness.run("collective", DEEPSEEK, "--op", "all-to-all", "--ranks", "0-31",
                    "--sizes", "64M", "--fidelity", fidelities[i], "--json"));
            times[i] = rows.get(0).get("timeUs").asDouble();
            // all-to-all busbw = algbw x (n-1)/n
            assertThat(rows.get(0).get("busBwGBps").asDouble())
                    .isCloseTo(rows.get(0).get("algBwGBps").asDouble() * 31 / 32, offset(1e-9));
        }
        assertThat(times[1]).isCloseTo(times[0], offset(times[0] * 0.01));
        assertThat(times[2]).isCloseTo(times[1], offset(times[1] * 1e-6));
        // 4 nodes of 8: 24/32 of the bytes leave through a 40 GB/s NIC share
        assertThat(times[0]).isGreaterThan(64.0 * (1 << 20) * 24 / 32 / 40e9 * 1e6);
    }

    @Test
    void moeDispatchReportsDeepEpBandwidth() {
        JsonNode rows = json(CliHarness.run("collective", DEEPSEEK, "--op", "moe-dispatch", "--ranks", "0-63",
                "--json"));
        JsonNode row = rows.get(0);
        assertThat(row.get("tokensPerRank").asDouble()).isEqualTo(4096);
        assertThat(row.get("deepEpRdmaGBps").asDouble()).isBetween(40.0, 60.0);
        assertThat(row.get("algorithm").asText()).isEqualTo("node-limited/SIMPLE");
        assertThat(row.get("nodesPerToken").asDouble()).isBetween(3.6, 3.65);
        JsonNode noDedup = json(CliHarness.run("collective", DEEPSEEK, "--op", "moe-dispatch", "--ranks", "0-63",
                "--no-dedup", "--json")).get(0);
        assertThat(noDedup.get("ibBytesPerRank").asDouble()).isGreaterThan(2 * row.get("ibBytesPerRank").asDouble());
        assertThat(noDedup.get("timeUs").asDouble()).isGreaterThan(2 * row.get("timeUs").asDouble());
    }

    @Test
    void userMistakesExitTwoWithAHint() {
        expectUserError(new String[] {"--op", "all-reduse"}, "unknown operation 'all-reduse'", "all-reduce");
        expectUserError(new String[] {"--op", "all-reduce", "--ranks", "0-4096"}, "bad rank range", "0-2047");
        expectUserError(new String[] {"--op", "all-reduce", "--ranks", "0-7,x"}, "bad rank list", "--ranks 0-63");
        expectUserError(new String[] {"--op", "all-reduce", "--ranks", "5"}, "at least 2 ranks", "--ranks");
        expectUserError(new String[] {"--op", "all-reduce", "--sizes", "8Q"}, "bad size", "8K..8G");
        expectUserError(new String[] {"--op", "all-reduce", "--sizes", "8G..8K"}, "bad size range", "8K..8G");
        expectUserError(new String[] {"--op", "all-gather", "--algorithm", "tree"}, "tree", "--algorithm auto");
        expectUserError(new String[] {"--op", "all-reduce", "--algorithm", "bruck"}, "unknown algorithm", "ring");
        expectUserError(new String[] {"--op", "all-reduce", "--fidelity", "packet"}, "unknown fidelity", "per-flow");
        expectUserError(new String[] {"--op", "moe-dispatch", "--ranks", "0-11"}, "same number of ranks",
                "--ranks 0-63");
        expectUserError(new String[] {"--op", "moe-dispatch", "--ranks", "0-47"}, "do not spread evenly", "divides");
    }

    private static void expectUserError(String[] args, String message, String hint) {
        String[] all = new String[args.length + 2];
        all[0] = "collective";
        all[1] = DEEPSEEK;
        System.arraycopy(args, 0, all, 2, args.length);
        CliHarness.Outcome o = CliHarness.run(all);
        assertThat(o.exitCode()).as(o.err()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(o.err()).contains(message, hint).doesNotContain("\tat ");
        assertThat(o.out()).isEmpty();
    }

    @Test
    void listedInHelp() {
        assertThat(CliHarness.run("--help").out()).contains("collective");
    }
}

package org.clustersim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportOutputsTest {

    static final Path EXAMPLES = Path.of("..", "scenarios", "examples");
    static final String DEEPSEEK = EXAMPLES.resolve("deepseek-v3-2048xH800.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void outWritesTheFourFilesAndResultJsonIsExactlyWhatJsonPrints() throws IOException {
        Path out = dir.resolve("run"); // created when missing
        CliHarness.Outcome o = CliHarness.run("run", DEEPSEEK, "--out", out.toString(), "--json", "--trace-ranks",
                "0-7");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(names(out)).containsExactly("report.html", "result.json", "summary.csv", "trace.json");
        assertThat(Files.readString(out.resolve("result.json")).strip()).isEqualTo(o.out().strip());
        JsonNode result = JsonMapper.builder().build().readTree(out.resolve("result.json").toFile());
        assertThat(result.path("assumptions").size()).isGreaterThan(10);
        assertThat(Files.readString(out.resolve("summary.csv"))).startsWith("scenario,metric,value,unit\r\n");
        assertThat(Files.readString(out.resolve("report.html"))).startsWith("<!DOCTYPE html>")
                .contains("deepseek-v3-2048xH800");
        Set<Integer> pids = new HashSet<>();
        JsonMapper.builder().build().readTree(out.resolve("trace.json").toFile()).path("traceEvents")
                .forEach(e -> pids.add(e.path("pid").asInt()));
        assertThat(pids).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(o.err()).contains("wrote result.json, summary.csv, report.html and trace.json (8 ranks)");

        // a second run replaces the files and leaves no temporary file behind
        CliHarness.Outcome again = CliHarness.run("run", EXAMPLES.resolve("minimal.yaml").toString(), "--out",
                out.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(names(out)).containsExactly("report.html", "result.json", "summary.csv", "trace.json");
        assertThat(Files.readString(out.resolve("result.json"))).contains("\"name\" : \"minimal\"");
    }

    @Test
    void reportWritesOnlyTheReport() throws IOException {
        Path report = dir.resolve("r.html");
        CliHarness.Outcome o = CliHarness.run("run", EXAMPLES.resolve("minimal.yaml").toString(), "--report",
                report.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(names(dir)).containsExactly("r.html");
        assertThat(Files.readString(report)).contains("<h1>minimal</h1>");
        assertThat(o.out()).contains("minimal:"); // the usual text summary still goes to stdout
    }

    @Test
    void badOutputOptionsExitTwoWithAHintBeforeSimulating() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String minimal = EXAMPLES.resolve("minimal.yaml").toString();
        for (List<String> args : List.of(
                List.of("--out", file.toString()),
                List.of("--out", file.resolve("sub").toString()),
                List.of("--report", dir.resolve("missing-dir").resolve("r.html").toString()),
                List.of("--report", dir.toString()),
                List.of("--trace-ranks", "0-7"),
                List.of("--out", dir.resolve("o").toString(), "--trace-ranks", "7-3"),
                List.of("--out", dir.resolve("o").toString(), "--trace-ranks", "0-8"),
                List.of("--out", dir.resolve("o").toString(), "--trace-ranks", "zero"))) {
            String[] argv = Stream.concat(Stream.of("run", minimal), args.stream()).toArray(String[]::new);
            CliHarness.Outcome o = CliHarness.run(argv);
            assertThat(o.exitCode()).as(String.join(" ", args) + ": " + o.err()).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(o.err()).as(String.join(" ", args)).contains("error: ").contains("hint: ")
                    .doesNotContain("Exception").doesNotContain("simulating");
        }
        // minimal.yaml has 8 GPUs: rank 8 does not exist
        CliHarness.Outcome o = CliHarness.run("run", minimal, "--out", dir.resolve("o").toString(), "--trace-ranks",
                "0-8");
        assertThat(o.err()).contains("rank 8 does not exist");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

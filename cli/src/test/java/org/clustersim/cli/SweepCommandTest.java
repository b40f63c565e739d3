package org.clustersim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.step.ConcurrentStepCache;
import org.clustersim.scenario.sweep.PointResult;
import org.clustersim.scenario.sweep.PointRunner;
import org.clustersim.scenario.sweep.ResultsFile;
import org.clustersim.scenario.sweep.ResultsJson;
import org.clustersim.scenario.sweep.Sweep;
import org.clustersim.scenario.sweep.SweepLoader;
import org.clustersim.scenario.sweep.cluster.ClusterOptions;
import org.clustersim.scenario.sweep.cluster.SweepWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    static final Path EXAMPLES = Path.of("..", "scenarios", "examples");

    /** A 4-layer dense model on two nodes: points take milliseconds. */
    static final String BASE = """
            name: small-dense
            cluster: {gpu: H100, nodes: 2}
            model: {name: tiny, layers: 4, hidden: 1024, heads: 16, kvHeads: 16, ffnHidden: 4096, vocab: 32000}
            parallelism: {tensor: 2, pipeline: 2, microBatch: 1, schedule: 1f1b}
            training:
              phases:
                - {name: pre-training, tokens: 1B, sequenceLength: 2048, globalBatch: 64}
              failures: {monteCarloReplications: 20}
            costs: {gpuHourPrice: $2/GPU-h}
            """;

    @TempDir
    Path dir;

    Path base() throws Exception {
        Path base = dir.resolve("base.yaml");
        Files.writeString(base, BASE);
        return base;
    }

    @Test
    void dryRunListsThePointsAndTheirCount() {
        Path sweep = EXAMPLES.resolve("sweeps/deepseek-v3-price-and-hardware.yaml");
        CliHarness.Outcome all = CliHarness.run("sweep", sweep.toString(), "--dry-run");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("200 points, 4 x 10 x 5 (zipped: cluster.gpu with costs.serverPrice)")
                .contains("point  cluster.gpu  costs.serverPrice  costs.gpuHourPrice  training.failures.perGpuHour")
                .contains("      0  H800         $358000/node       $1/GPU-h            0.00001")
                .contains("    199  H200         $312700/node       $5.5/GPU-h          0.00016")
                .endsWith("200 points\n");
        CliHarness.Outcome shard = CliHarness.run("sweep", sweep.toString(), "--dry-run", "--shard", "2/4");
        assertThat(shard.out()).contains("shard 2/4: 50 points").contains("\n      1  H800").doesNotContain("\n      0  ")
                .endsWith("50 points in shard 2/4\n");
    }

    @Test
    void commandLineAxesRunAndResume() throws Exception {
        Path out = dir.resolve("r.jsonl");
        String[] args = {"sweep", base().toString(), "--axis", "cluster.nodes=2,4", "--axis",
            "parallelism.tensor=1,3", "--axis", "costs.gpuHourPrice=$1/GPU-h..$2/GPU-h:1", "-o", out.toString(),
            "--threads", "2"};
        CliHarness.Outcome first = CliHarness.run(args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("small-dense-sweep: 8 points: 4 ok, 4 invalid, 0 errors (8 run now, 0 from "
                + "earlier runs)").contains("results: " + out).contains("table:   " + dir.resolve("r.csv"));
        // not a terminal: plain lines, never carriage returns
        assertThat(first.err()).contains("sweep: 8/8 points done").doesNotContain("\r");
        assertThat(Files.readAllLines(dir.resolve("r.csv"))).hasSize(9);

        CliHarness.Outcome again = CliHarness.run(args);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("(0 run now, 8 from earlier runs)");
        assertThat(again.err()).contains("8 of 8 points already done");
    }

    @Test
    void reportWritesTheHtmlAndCsvEvenFromATornResultsFile() throws Exception {
        Path out = dir.resolve("r.jsonl");
        CliHarness.Outcome sweep = CliHarness.run("sweep", base().toString(), "--axis", "cluster.nodes=2,4",
                "--axis", "costs.gpuHourPrice=$1/GPU-h..$3/GPU-h:1", "-o", out.toString(), "--threads", "2");
        assertThat(sweep.exitCode()).as(sweep.err()).isZero();
        // a kill mid-write leaves a partial last line: the report reads up to it
        Files.writeString(out, Files.readString(out) + "{\"record\":\"point\",\"sweepId\":", 
                java.nio.charset.StandardCharsets.UTF_8);
        Path html = dir.resolve("sweep.html");
        CliHarness.Outcome report = CliHarness.run("report", out.toString(), "--out", html.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("report of 6 of 6 points").contains("table:  " + dir.resolve("sweep.csv"));
        assertThat(report.err()).contains("partial line");
        String page = Files.readString(html);
        assertThat(page).contains("6 of 6 points finished: 6 simulated").contains("id='chart-pareto'")
                .contains("id='chart-axis-1-cost'").doesNotContain("<script");
        assertThat(Files.readAllLines(dir.resolve("sweep.csv"))).hasSize(7);

        CliHarness.Outcome missing = CliHarness.run("report", dir.resolve("nope.jsonl").toString(), "--out",
                html.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("not found").contains("hint:");
        CliHarness.Outcome toDir = CliHarness.run("report", out.toString(), "--out", dir.toString());
        assertThat(toDir.exitCode()).isEqualTo(2);
        assertThat(toDir.err()).contains("is a directory");
        CliHarness.Outcome notSweep = CliHarness.run("report", base().toString(), "--out", html.toString());
        assertThat(notSweep.exitCode()).isEqualTo(2);
        assertThat(notSweep.err()).contains("not a clustersim sweep results file");
    }

    @Test
    void shardsMergeAndMergeRefusesAnotherSweep() throws Exception {
        Path base = base();
        List<String> files = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Path out = dir.resolve("s" + k + ".jsonl");
            CliHarness.Outcome o = CliHarness.run("sweep", base.toString(), "--axis", "cluster.nodes=2,4,8",
                    "--axis", "costs.gpuHourPrice=$1/GPU-h,$2/GPU-h", "--shard", k + "/3", "-o", out.toString(),
                    "--progress", "none");
            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(o.out()).contains("shard " + k + "/3, 2 of 6 points: 2 ok").contains("(2 run now");
            files.add(out.toString());
        }
        List<String> merge = new ArrayList<>(List.of("merge", "-o", dir.resolve("all.jsonl").toString()));
        merge.addAll(files);
        CliHarness.Outcome merged = CliHarness.run(merge.toArray(String[]::new));
        assertThat(merged.exitCode()).as(merged.err()).isZero();
        assertThat(merged.out()).contains("merged 3 files: 6 of 6 points (6 ok, 0 invalid, 0 errors)");
        assertThat(ResultsFile.read(dir.resolve("all.jsonl")).latest().keySet()).containsExactly(0, 1, 2, 3, 4, 5);

        CliHarness.Outcome partial = CliHarness.run("merge", "-o", dir.resolve("part.jsonl").toString(),
                files.get(0));
        assertThat(partial.exitCode()).isZero();
        assertThat(partial.err()).contains("4 points have no result: 1, 2, 4, 5");

        Path other = dir.resolve("other.jsonl");
        CliHarness.run("sweep", base.toString(), "--axis", "cluster.nodes=2", "-o", other.toString(), "--progress",
                "none");
        CliHarness.Outcome refused = CliHarness.run("merge", "-o", dir.resolve("bad.jsonl").toString(), files.get(0),
                other.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(refused.err()).contains("cannot merge results of different sweeps").doesNotContain("Exception");
        assertThat(dir.resolve("bad.jsonl")).doesNotExist();
    }

    @Test
    void userErrorsExitTwoWithALocatedMessage() throws Exception {
        CliHarness.Outcome typo = CliHarness.run("sweep", base().toString(), "--axis", "cluster.nodez=2,4",
                "--dry-run");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(typo.err()).contains("--set cluster.nodez=2:1:7: error: unknown key 'nodez' in 'cluster'")
                .contains("did you mean 'nodes'").doesNotContain("Exception");
        CliHarness.Outcome shard = CliHarness.run("sweep", base().toString(), "--axis", "cluster.nodes=2",
                "--shard", "4/3");
        assertThat(shard.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(shard.err()).contains("shard '4/3' is out of range");
        CliHarness.Outcome worker = CliHarness.run("sweep", base().toString(), "--axis", "cluster.nodes=2",
                "--worker");
        assertThat(worker.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(worker.err()).contains("need --cluster");
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: the member cannot start, and says so in one message
        CliHarness.Outcome bind = CliHarness.run("sweep", base().toString(), "--axis", "cluster.nodes=2",
                "--cluster", "--bind", "192.0.2.1", "-o", dir.resolve("x.jsonl").toString());
        assertThat(bind.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(bind.err()).contains("cannot start the sweep's Hazelcast member").contains("hint: check --bind")
                .doesNotContain("\tat ").doesNotContain("SEVERE");
    }

    /**
     * The real thing: a child JVM runs a sweep and is killed with SIGKILL in the middle; the same command resumes,
     * and every point is in the file exactly once, every line whole.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void resumeAfterSigkillOfAChildJvmMidSweep() throws Exception {
        Path base = dir.resolve("slow.yaml");
        // every global batch is its own step and Monte Carlo failures take a while: ~0.1 s a point
        Files.writeString(base, BASE.replace("monteCarloReplications: 20", "monteCarloReplications: 4000"));
        Path out = dir.resolve("killed.jsonl");
        List<String> sweep = List.of("sweep", base.toString(), "--axis",
                "training.phases[0].globalBatch=16..640:16", "-o", out.toString(), "--threads", "1");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "-Xmx512m", Main.class.getName()));
        command.addAll(sweep);
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (pointLines(out) < 5) {
                assertThat(child.isAlive()).as("the child is still running (log: %s)", dir.resolve("child.log"))
                        .isTrue();
                assertThat(System.nanoTime()).as("the child wrote 5 points in time").isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
            child.waitFor(30, TimeUnit.SECONDS);
        }
        int before = pointLines(out);
        assertThat(before).as("killed mid-sweep").isBetween(5, 39);

        CliHarness.Outcome resumed = CliHarness.run(sweep.toArray(String[]::new));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("small-dense-sweep: 40 points: 40 ok");
        ResultsFile file = ResultsFile.read(out);
        assertThat(file.tornTail()).isFalse();
        assertThat(file.corruptLines()).isEmpty();
        Set<Integer> seen = new HashSet<>();
        for (PointResult p : file.points()) {
            assertThat(seen.add(p.point())).as("point %d exactly once", p.point()).isTrue();
        }
        assertThat(seen).hasSize(40);
        ResultsJson json = new ResultsJson();
        for (String line : Files.readAllLines(out)) {
            json.parse(line);
        }
    }

    /** Complete point lines written so far (a torn last line does not count). */
    static int pointLines(Path file) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file);
        int complete = text.lastIndexOf('\n') + 1;
        return (int) text.substring(0, complete).lines().filter(l -> l.contains("\"record\":\"point\"")).count();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void clusterModeOnLoopbackWithAWorker() throws Exception {
        Path base = base();
        List<String> axes = List.of("--axis", "cluster.nodes=2,4", "--axis", "costs.gpuHourPrice=$1/GPU-h,$2/GPU-h,$3/GPU-h");
        ScenarioLoader loader = new ScenarioLoader();
        Sweep sweep = new SweepLoader(loader).load(base, new SweepLoader.Request(
                List.of(axes.get(1), axes.get(3)), List.of(), null, List.of()));
        try (SweepWorker worker = SweepWorker.start(new PointRunner(sweep, loader, ClusterSim.version(),
                new ConcurrentStepCache(8)), new ClusterOptions(List.of(), "127.0.0.1", 15801, 2, false))) {
            Path out = dir.resolve("c.jsonl");
            List<String> args = new ArrayList<>(List.of("sweep", base.toString()));
            args.addAll(axes);
            args.addAll(List.of("--cluster", "--bind", "127.0.0.1", "--port", "15801", "--members", worker.address(),
                    "-o", out.toString(), "--threads", "1", "--progress", "none"));
            CliHarness.Outcome o = CliHarness.run(args.toArray(String[]::new));
            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(o.out()).contains("6 points: 6 ok");
            assertThat(o.err()).contains("cluster clustersim-sweep-" + sweep.id());
            assertThat(ResultsFile.read(out).latest()).hasSize(6);
            assertThat(worker.awaitEnd(30, TimeUnit.SECONDS)).as("the worker ends with the submitter").isTrue();
        }
    }
}

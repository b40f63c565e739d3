package org.clustersim.scenario.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.clustersim.error.UserError;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.run.RunResult;
import org.clustersim.scenario.run.ScenarioRunner;
import org.clustersim.scenario.step.ConcurrentStepCache;
import org.clustersim.scenario.step.StepCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SweepRunTest {

    static final ScenarioLoader LOADER = new ScenarioLoader();

    @TempDir
    Path dir;

    /** 2 node counts x 3 tensor degrees (tensor 3 divides no GPU count: invalid) x 3 prices = 18 points. */
    Sweep sweep() {
        Path base = SweepFixtures.write(dir, "base.yaml", SweepFixtures.SMALL_DENSE);
        return new SweepLoader(LOADER).load(base, new SweepLoader.Request(List.of("cluster.nodes=2,4",
                "parallelism.tensor=1,2,3", "costs.gpuHourPrice=$1/GPU-h..$3/GPU-h:1"), List.of(), null, List.of()));
    }

    static SweepRun.Summary run(Sweep sweep, Shard shard, Path out, int threads, StepCache cache)
            throws InterruptedException {
        PointRunner runner = new PointRunner(sweep, LOADER, "test-version", cache);
        return SweepRun.run(sweep, shard, out, "test-version", new LocalPointExecutor(runner, threads),
                SweepProgress.none());
    }

    /** A point's result without what legitimately varies between runs (computer time). */
    static PointResult identity(PointResult p) {
        return new PointResult(p.sweepId(), p.point(), p.overrides(), p.seed(), p.scenarioHash(), p.toolVersion(),
                p.status(), p.reason(), p.stepPhase(), p.stepTimeSeconds(), p.tokensPerSecond(), p.mfu(), p.gpus(),
                p.timeSeconds(), p.gpuHours(), p.goodput(), p.rentalUsd(), p.ownershipUsd(), 0);
    }

    static Map<Integer, PointResult> identities(Path file) {
        Map<Integer, PointResult> out = new HashMap<>();
        for (PointResult p : ResultsFile.read(file).points()) {
            assertThat(out.put(p.point(), identity(p))).as("point %d appears once", p.point()).isNull();
        }
        return out;
    }

    @Test
    void everyPointOnceWithInvalidPointsRecordedAndTheSameResultsAsARun() throws Exception {
        Sweep sweep = sweep();
        Path out = dir.resolve("r.jsonl");
        SweepRun.Summary s = run(sweep, Shard.ALL, out, 2, new ConcurrentStepCache(16));
        assertThat(s.points()).isEqualTo(18);
        assertThat(s.ran()).isEqualTo(18);
        assertThat(s.invalid()).isEqualTo(6); // every point with tensor 3
        assertThat(s.ok()).isEqualTo(12);
        ResultsFile file = ResultsFile.read(out);
        assertThat(file.tornTail()).isFalse();
        assertThat(file.header().sweepId()).isEqualTo(sweep.id());
        assertThat(file.header().points()).isEqualTo(18);
        Map<Integer, PointResult> byPoint = identities(out);
        assertThat(byPoint.keySet()).containsExactlyInAnyOrderElementsOf(range(18));
        for (PointResult p : byPoint.values()) {
            assertThat(p.overrides()).isEqualTo(sweep.point(p.point()).overrides());
            assertThat(p.seed()).isEqualTo(7);
            assertThat(p.toolVersion()).isEqualTo("test-version");
            assertThat(p.scenarioHash()).hasSize(16);
            if (p.overrides().get("parallelism.tensor").equals("3")) {
                assertThat(p.status()).isEqualTo(PointResult.Status.INVALID);
                assertThat(p.reason()).startsWith("--set parallelism.tensor=3:1:26: error: tensor 3 x pipeline 2")
                        .contains("does not divide");
                assertThat(p.stepTimeSeconds()).isNaN();
            } else {
                assertThat(p.status()).isEqualTo(PointResult.Status.OK);
                assertThat(p.reason()).isNull();
            }
        }
        // a point's line says what 'run --set ...' says
        PointResult sample = byPoint.get(4); // nodes 2, tensor 2, $2/GPU-h
        assertThat(sample.overrides()).containsEntry("parallelism.tensor", "2")
                .containsEntry("costs.gpuHourPrice", "$2/GPU-h");
        RunResult direct = new ScenarioRunner("test-version", LOADER.catalog())
                .run(LOADER.load(dir.resolve("base.yaml"), sweep.point(4).arguments()));
        assertThat(sample.timeSeconds()).isEqualTo(direct.timeSeconds());
        assertThat(sample.rentalUsd()).isEqualTo(direct.rentalUsd());
        assertThat(sample.ownershipUsd()).isEqualTo(direct.ownershipUsd());
        assertThat(sample.stepTimeSeconds()).isEqualTo(direct.steps().get(0).step().timeSeconds());
        assertThat(sample.mfu()).isEqualTo(direct.steps().get(0).step().mfu());
        assertThat(sample.gpus()).isEqualTo(16);
        // same scenario, same hash; a different price, a different hash
        assertThat(byPoint.get(4).scenarioHash()).isNotEqualTo(byPoint.get(3).scenarioHash());
        // the CSV has a header and one row per point
        List<String> csv = Files.readAllLines(s.csv());
        assertThat(csv).hasSize(19);
        assertThat(csv.get(0)).startsWith("point,status,cluster.nodes,parallelism.tensor,costs.gpuHourPrice,seed,");
        assertThat(csv.get(7)).startsWith("6,invalid,2,3,$1/GPU-h,7,")
                .endsWith(",--set parallelism.tensor=3:1:26: error: tensor 3 x pipeline 2 x context 1 = 6 does not "
                        + "divide the cluster's 16 GPUs hint: choose degrees whose product divides 16; data parallelism "
                        + "takes the rest");
    }

    @Test
    void cachedStepsGiveTheSameResultsAsSimulatingEveryPoint() throws Exception {
        Sweep sweep = sweep();
        ConcurrentStepCache cache = new ConcurrentStepCache(16);
        run(sweep, Shard.ALL, dir.resolve("cached.jsonl"), 2, cache);
        run(sweep, Shard.ALL, dir.resolve("uncached.jsonl"), 1, StepCache.NONE);
        assertThat(identities(dir.resolve("cached.jsonl"))).isEqualTo(identities(dir.resolve("uncached.jsonl")));
        // 4 valid plans (2 node counts x tensor 1, 2) simulated once each; prices reuse them
        assertThat(cache.misses()).isEqualTo(4);
        assertThat(cache.hits()).isEqualTo(8);
    }

    @Test
    void rerunningSkipsFinishedPointsAndRefusesAnotherSweepsFile() throws Exception {
        Sweep sweep = sweep();
        Path out = dir.resolve("r.jsonl");
        run(sweep, Shard.ALL, out, 2, StepCache.NONE);
        long size = Files.size(out);
        SweepRun.Summary again = run(sweep, Shard.ALL, out, 2, StepCache.NONE);
        assertThat(again.ran()).isZero();
        assertThat(again.alreadyDone()).isEqualTo(18);
        assertThat(Files.size(out)).isEqualTo(size);

        Path base = dir.resolve("base.yaml");
        Sweep other = new SweepLoader(LOADER).load(base, new SweepLoader.Request(List.of("cluster.nodes=2,8"),
                List.of(), null, List.of()));
        assertThatThrownBy(() -> run(other, Shard.ALL, out, 1, StepCache.NONE)).isInstanceOf(UserError.class)
                .hasMessageContaining("belongs to another sweep");
        assertThatThrownBy(() -> run(sweep, new Shard(1, 2), out, 1, StepCache.NONE)).isInstanceOf(UserError.class)
                .hasMessageContaining("holds shard all");
        assertThat(Files.size(out)).isEqualTo(size);
    }

    @Test
    void aTornLastLineIsDroppedOnResumeAndItsPointRunsAgain() throws Exception {
        Sweep sweep = sweep();
        Path out = dir.resolve("r.jsonl");
        run(sweep, Shard.ALL, out, 1, StepCache.NONE);
        // keep the header and 5 points, then half of the 6th line: what a kill in the middle of a write leaves
        List<String> lines = Files.readAllLines(out);
        String kept = String.join("\n", lines.subList(0, 6)) + "\n";
        String torn = lines.get(6).substring(0, lines.get(6).length() / 2);
        Files.writeString(out, kept + torn);
        ResultsFile read = ResultsFile.read(out);
        assertThat(read.tornTail()).isTrue();
        assertThat(read.points()).hasSize(5);

        SweepRun.Summary resumed = run(sweep, Shard.ALL, out, 2, StepCache.NONE);
        assertThat(resumed.droppedTornLine()).isTrue();
        assertThat(resumed.alreadyDone()).isEqualTo(5);
        assertThat(resumed.ran()).isEqualTo(13);
        ResultsFile after = ResultsFile.read(out);
        assertThat(after.tornTail()).isFalse();
        assertThat(after.corruptLines()).isEmpty();
        assertThat(identities(out).keySet()).containsExactlyInAnyOrderElementsOf(range(18));
        for (String line : Files.readAllLines(out)) {
            new ResultsJson().parse(line); // every line whole
        }
    }

    @Test
    void errorPointsAreRetriedOnResumeAndTheLaterLineWins() throws Exception {
        Sweep sweep = sweep();
        Path out = dir.resolve("r.jsonl");
        run(sweep, Shard.ALL, out, 1, StepCache.NONE);
        // pretend point 4 failed with a bug last time: its line says error
        List<String> lines = new ArrayList<>(Files.readAllLines(out));
        lines.removeIf(l -> l.contains("\"point\":4,"));
        PointResult failed = PointResult.failed(sweep.id(), sweep.point(4), 7, "x", "old", PointResult.Status.ERROR,
                "internal error: boom", 0);
        lines.add(new ResultsJson().point(failed));
        Files.write(out, lines, StandardCharsets.UTF_8);
        SweepRun.Summary resumed = run(sweep, Shard.ALL, out, 1, StepCache.NONE);
        assertThat(resumed.ran()).isEqualTo(1);
        assertThat(resumed.errors()).isZero();
        assertThat(ResultsFile.read(out).latest().get(4).status()).isEqualTo(PointResult.Status.OK);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 25})
    void shardsCoverEveryPointExactlyOnceAndMergeToTheFullRun(int count) throws Exception {
        Sweep sweep = sweep();
        List<Path> files = new ArrayList<>();
        int total = 0;
        for (int k = 1; k <= count; k++) {
            Shard shard = new Shard(k, count);
            Path out = dir.resolve("s" + k + ".jsonl");
            SweepRun.Summary s = run(sweep, shard, out, 1, StepCache.NONE);
            total += s.points();
            assertThat(ResultsFile.read(out).header().shard()).isEqualTo(count == 1 ? null : k + "/" + count);
            files.add(out);
        }
        assertThat(total).isEqualTo(18);
        Path merged = dir.resolve("merged.jsonl");
        SweepMerge.Summary m = SweepMerge.merge(files, merged);
        assertThat(m.missing()).isEmpty();
        assertThat(m.merged()).isEqualTo(18);
        Path full = dir.resolve("full.jsonl");
        run(sweep, Shard.ALL, full, 2, new ConcurrentStepCache(8));
        assertThat(identities(merged)).isEqualTo(identities(full));
        assertThat(ResultsFile.read(merged).header().shard()).isNull();
    }

    @Test
    void mergeRefusesFilesOfDifferentSweepsAndReportsMissingPoints() throws Exception {
        Sweep sweep = sweep();
        Path one = dir.resolve("one.jsonl");
        run(sweep, new Shard(1, 3), one, 1, StepCache.NONE);
        Sweep other = new SweepLoader(LOADER).load(dir.resolve("base.yaml"), new SweepLoader.Request(
                List.of("cluster.nodes=2,8"), List.of(), null, List.of()));
        Path two = dir.resolve("two.jsonl");
        run(other, Shard.ALL, two, 1, StepCache.NONE);
        assertThatThrownBy(() -> SweepMerge.merge(List.of(one, two), dir.resolve("m.jsonl")))
                .isInstanceOf(UserError.class).hasMessageContaining("different sweeps")
                .hasMessageContaining(sweep.id()).hasMessageContaining(other.id());
        assertThat(dir.resolve("m.jsonl")).doesNotExist();

        SweepMerge.Summary partial = SweepMerge.merge(List.of(one), dir.resolve("m.jsonl"));
        assertThat(partial.merged()).isEqualTo(6);
        assertThat(partial.missing()).hasSize(12).doesNotContain(0, 3, 6).contains(1, 2, 4);
    }

    @Test
    void aFileInUseByAnotherSweepIsRefused() throws Exception {
        Sweep sweep = sweep();
        Path out = dir.resolve("r.jsonl");
        SweepHeader header = SweepHeader.of(sweep, Shard.ALL, "v");
        try (ResultsStore first = ResultsStore.open(out, header)) {
            assertThat(first.results()).isEmpty();
            assertThatThrownBy(() -> ResultsStore.open(out, header)).isInstanceOf(UserError.class)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void notAResultsFile() throws IOException {
        Path junk = dir.resolve("junk.jsonl");
        Files.writeString(junk, "hello\n", StandardOpenOption.CREATE);
        assertThatThrownBy(() -> ResultsFile.read(junk)).isInstanceOf(UserError.class)
                .hasMessageContaining("not a clustersim sweep results file");
    }

    static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}

package org.clustersim.scenario.sweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.step.ConcurrentStepCache;
import org.clustersim.scenario.step.StepCache;
import org.clustersim.scenario.sweep.LocalPointExecutor;
import org.clustersim.scenario.sweep.PointResult;
import org.clustersim.scenario.sweep.PointRunner;
import org.clustersim.scenario.sweep.ResultsFile;
import org.clustersim.scenario.sweep.Shard;
import org.clustersim.scenario.sweep.Sweep;
import org.clustersim.scenario.sweep.SweepLoader;
import org.clustersim.scenario.sweep.SweepPoint;
import org.clustersim.scenario.sweep.SweepProgress;
import org.clustersim.scenario.sweep.SweepRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two Hazelcast members in this JVM, on 127.0.0.1 only: the submitter's embedded member and a worker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterSweepTest {

    static final ScenarioLoader LOADER = new ScenarioLoader();
    static final String VERSION = "test-version";
    /** Away from Hazelcast's default 5701; the next free port above is taken. */
    static final int PORT = 15701;

    @TempDir
    Path dir;

    /**
     * 24 points: 4 global batches (each a step of its own) x 2 tensor degrees x 3 prices; Monte Carlo failures make
     * every point take a little while, so a member has points in flight when it is killed.
     */
    Sweep sweep() throws Exception {
        Path base = dir.resolve("base.yaml");
        Files.writeString(base, """
                name: small-dense
                cluster:
                  gpu: H100
                  nodes: 2
                model: {name: tiny, layers: 4, hidden: 1024, heads: 16, kvHeads: 16, ffnHidden: 4096, vocab: 32000}
                parallelism: {tensor: 2, pipeline: 2, microBatch: 1, schedule: 1f1b}
                training:
                  seed: 3
                  phases:
                    - {name: pre-training, tokens: 1B, sequenceLength: 2048, globalBatch: 64}
                  failures: {monteCarloReplications: 3000}
                costs: {gpuHourPrice: $2/GPU-h}
                """);
        return new SweepLoader(LOADER).load(base, new SweepLoader.Request(List.of(
                "training.phases[0].globalBatch=32,64,96,128", "parallelism.tensor=1,2",
                "costs.gpuHourPrice=$1/GPU-h..$3/GPU-h:1"), List.of(), null, List.of()));
    }

    static PointRunner runner(Sweep sweep) {
        return new PointRunner(sweep, LOADER, VERSION, new ConcurrentStepCache(64));
    }

    static ClusterOptions loopback(List<String> members, int threads) {
        return new ClusterOptions(members, "127.0.0.1", PORT, threads, false);
    }

    static Map<Integer, PointResult> identities(Path file) {
        Map<Integer, PointResult> out = new HashMap<>();
        for (PointResult p : ResultsFile.read(file).points()) {
            PointResult id = new PointResult(p.sweepId(), p.point(), p.overrides(), p.seed(), p.scenarioHash(),
                    p.toolVersion(), p.status(), p.reason(), p.stepPhase(), p.stepTimeSeconds(), p.tokensPerSecond(),
                    p.mfu(), p.gpus(), p.timeSeconds(), p.gpuHours(), p.goodput(), p.rentalUsd(), p.ownershipUsd(), 0);
            assertThat(out.put(p.point(), id)).as("point %d once", p.point()).isNull();
        }
        return out;
    }

    Map<Integer, PointResult> localRun(Sweep sweep) throws Exception {
        Path local = dir.resolve("local.jsonl");
        SweepRun.run(sweep, Shard.ALL, local, VERSION, new LocalPointExecutor(runner(sweep), 2), SweepProgress.none());
        return identities(local);
    }

    /** Counts where points ran. */
    static final class Tally implements ClusterPointExecutor.Listener {
        final Map<UUID, Integer> returnedBy = new ConcurrentHashMap<>();

        @Override
        public void returned(PointResult result, Member member) {
            if (member != null) {
                returnedBy.merge(member.getUuid(), 1, Integer::sum);
            }
        }
    }

    @Test
    void aDistributedRunEqualsTheLocalRunPointByPoint() throws Exception {
        Sweep sweep = sweep();
        Map<Integer, PointResult> local = localRun(sweep);
        Path out = dir.resolve("cluster.jsonl");
        Tally tally = new Tally();
        SweepWorker worker = SweepWorker.start(runner(sweep), loopback(List.of(), 2));
        try (ClusterPointExecutor executor = ClusterPointExecutor.start(runner(sweep),
                loopback(List.of(worker.address()), 1), tally)) {
            assertThat(executor.instance().getCluster().getMembers()).hasSize(2);
            assertThat(executor.instance().getConfig().getClusterName()).isEqualTo("clustersim-sweep-" + sweep.id());
            SweepRun.Summary s = SweepRun.run(sweep, Shard.ALL, out, VERSION, executor, SweepProgress.none());
            assertThat(s.ran()).isEqualTo(24);
            assertThat(tally.returnedBy.get(worker.instance().getCluster().getLocalMember().getUuid()))
                    .as("the worker ran points").isPositive();
            assertThat(tally.returnedBy.get(executor.instance().getCluster().getLocalMember().getUuid()))
                    .as("the submitter's own member ran points").isPositive();
        } finally {
            // the worker ends by itself once the submitter has left
            assertThat(worker.awaitEnd(30, TimeUnit.SECONDS)).isTrue();
            worker.close();
        }
        assertThat(identities(out)).isEqualTo(local);
    }

    @Test
    void aMemberKilledMidSweepLosesNoPoint() throws Exception {
        Sweep sweep = sweep();
        Map<Integer, PointResult> local = localRun(sweep);
        Path out = dir.resolve("cluster.jsonl");
        // the worker finishes two points, then every further point it takes hangs until the worker is killed: at
        // the kill it surely holds points that can only come back by running again elsewhere
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger passed = new AtomicInteger();
        ConcurrentStepCache steps = new ConcurrentStepCache(64);
        StepCache gated = (key, simulate) -> {
            if (passed.incrementAndGet() > 2) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return steps.step(key, simulate);
        };
        SweepWorker worker = SweepWorker.start(new PointRunner(sweep, LOADER, VERSION, gated), loopback(List.of(), 3));
        UUID workerId = worker.instance().getCluster().getLocalMember().getUuid();
        AtomicInteger returnedByWorker = new AtomicInteger();
        Set<Integer> heldByWorker = ConcurrentHashMap.newKeySet();
        Set<Integer> heldAtKill = ConcurrentHashMap.newKeySet();
        ClusterPointExecutor.Listener killer = new ClusterPointExecutor.Listener() {
            @Override
            public void assigned(SweepPoint point, Member member) {
                if (member.getUuid().equals(workerId)) {
                    heldByWorker.add(point.index());
                }
            }

            @Override
            public void returned(PointResult result, Member member) {
                if (member != null && member.getUuid().equals(workerId)) {
                    heldByWorker.remove(result.point());
                    if (returnedByWorker.incrementAndGet() == 2) {
                        heldAtKill.addAll(heldByWorker);
                        worker.instance().getLifecycleService().terminate(); // no goodbye, like kill -9
                    }
                }
            }
        };
        try (ClusterPointExecutor executor = ClusterPointExecutor.start(runner(sweep),
                loopback(List.of(worker.address()), 1), killer)) {
            SweepRun.Summary s = SweepRun.run(sweep, Shard.ALL, out, VERSION, executor, SweepProgress.none());
            assertThat(returnedByWorker).hasValue(2);
            assertThat(heldAtKill).as("the worker held points when it was killed").isNotEmpty();
            assertThat(executor.reassigned()).isGreaterThanOrEqualTo(heldAtKill.size());
            assertThat(s.ran()).isEqualTo(24);
            assertThat(s.errors()).isZero();
        } finally {
            gate.countDown();
            worker.close();
        }
        Map<Integer, PointResult> results = identities(out);
        assertThat(results.keySet()).hasSize(24);
        assertThat(results).isEqualTo(local);
        for (int held : heldAtKill) {
            assertThat(results.get(held).status()).isEqualTo(PointResult.Status.OK);
        }
    }
}

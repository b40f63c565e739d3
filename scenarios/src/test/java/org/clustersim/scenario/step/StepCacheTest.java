package org.clustersim.scenario.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepCacheTest {

    static final ScenarioLoader LOADER = new ScenarioLoader();

    @TempDir
    Path dir;

    /** Records the keys a run asks for, simulating each time. */
    static final class Recording implements StepCache {
        final List<StepKey> keys = new ArrayList<>();

        @Override
        public StepResult step(StepKey key, Supplier<StepResult> simulate) {
            keys.add(key);
            return simulate.get();
        }
    }

    List<StepKey> keysOf(String... overrides) throws Exception {
        Path base = dir.resolve("base.yaml");
        Files.writeString(base, """
                name: small
                cluster:
                  gpu: H100
                  nodes: 4
                  network: {topology: fat-tree, switchRadix: 64, model: flow}
                model: {name: tiny, layers: 4, hidden: 1024, heads: 16, kvHeads: 16, ffnHidden: 4096, vocab: 32000}
                parallelism: {tensor: 2, pipeline: 2, microBatch: 1}
                training:
                  phases:
                    - {name: a, tokens: 1B, sequenceLength: 2048, globalBatch: 64}
                    - {name: b, steps: 10, sequenceLength: 4096, globalBatch: 32}
                costs: {gpuHourPrice: $2/GPU-h}
                """);
        Recording cache = new Recording();
        new StepRunner(LOADER.catalog(), EfficiencyCatalog.calibrated(), cache)
                .run(LOADER.load(base, List.of(overrides)), StepOptions.BALANCED);
        return cache.keys;
    }

    @Test
    void keysIgnorePricesFailuresAndLengthsButNotWhatShapesAStep() throws Exception {
        List<StepKey> base = keysOf();
        assertThat(base).hasSize(2);
        assertThat(base.get(0)).isNotEqualTo(base.get(1)); // two phase shapes
        assertThat(keysOf("costs.gpuHourPrice=$9/GPU-h", "training.failures.perGpuHour=0.001",
                "training.phases[0].tokens=5B", "training.phases[1].steps=99")).isEqualTo(base);
        // each of these changes a step: the key must change with it
        for (String change : List.of("cluster.gpu=H800", "cluster.nodes=8", "parallelism.tensor=4",
                "parallelism.microBatch=2", "training.phases[0].globalBatch=128", "model.layers=6",
                "cluster.network.oversubscription=2", "cluster.network.model=analytical",
                "cluster.node.nicBandwidth=200Gbps")) {
            assertThat(keysOf(change).get(0)).as(change).isNotEqualTo(base.get(0));
        }
    }

    @Test
    void threadsAskingForTheSameMissingStepSimulateItOnce() throws Exception {
        StepKey key = keysOf().get(0);
        ConcurrentStepCache cache = new ConcurrentStepCache(4);
        AtomicInteger simulations = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StepResult result = dummy(1.5);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<StepResult>> futures = new ArrayList<>();
            futures.add(pool.submit(() -> cache.step(key, () -> {
                simulations.incrementAndGet();
                inside.countDown();
                await(release);
                return result;
            })));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.submit(() -> cache.step(key, () -> {
                    simulations.incrementAndGet();
                    return dummy(9);
                })));
            }
            release.countDown();
            for (Future<StepResult> f : futures) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(result);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(simulations).hasValue(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(3);
    }

    @Test
    void theBusyViewSaysSoInsteadOfWaitingAndAnswersOnceTheStepIsDone() throws Exception {
        StepKey key = keysOf().get(0);
        ConcurrentStepCache cache = new ConcurrentStepCache(4);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StepResult result = dummy(2.5);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<StepResult> simulating = pool.submit(() -> cache.step(key, () -> {
                inside.countDown();
                await(release);
                return result;
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> cache.orBusy().step(key, () -> dummy(9))).isInstanceOf(StepCache.Busy.class);
            release.countDown();
            assertThat(simulating.get(10, TimeUnit.SECONDS)).isSameAs(result);
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.orBusy().step(key, () -> dummy(9))).isSameAs(result);
        // a key nobody is simulating is simulated by the busy view itself
        StepKey other = keysOf().get(1);
        assertThat(cache.orBusy().step(other, () -> dummy(7)).timeSeconds()).isEqualTo(7);
        assertThat(StepCache.NONE.orBusy()).isSameAs(StepCache.NONE);
    }

    @Test
    void failuresAreNotRememberedAndOldStepsMakeRoom() throws Exception {
        List<StepKey> keys = keysOf();
        ConcurrentStepCache cache = new ConcurrentStepCache(1);
        assertThatThrownBy(() -> cache.step(keys.get(0), () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        StepResult first = cache.step(keys.get(0), () -> dummy(1));
        assertThat(cache.step(keys.get(0), () -> dummy(2))).isSameAs(first);
        cache.step(keys.get(1), () -> dummy(3)); // capacity 1: the first key goes
        assertThat(cache.step(keys.get(0), () -> dummy(4)).timeSeconds()).isEqualTo(4);
    }

    static StepResult dummy(double seconds) {
        return new StepResult(seconds, 1, 1, 1, 0.5, 0.5, java.util.Map.of(), java.util.Map.of(), 0, 0, List.of(),
                null, "1f1b", "symmetric", "analytical", 1, "");
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

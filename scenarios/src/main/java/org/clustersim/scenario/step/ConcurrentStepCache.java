package org.clustersim.scenario.step;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.clustersim.step.StepResult;

/**
 * A step cache shared by threads. Two threads asking for the same missing step simulate it once: the second waits
 * for the first (sweep points that differ only in prices usually run side by side), or, through {@link #orBusy()},
 * hears that it is busy and does other work first. At most {@code capacity} steps are kept, least recently used
 * first out, since a step holds its timeline.
 */
public final class ConcurrentStepCache implements StepCache {

    private final int capacity;
    private final Map<StepKey, CompletableFuture<StepResult>> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public ConcurrentStepCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    @Override
    public StepResult step(StepKey key, Supplier<StepResult> simulate) {
        return step(key, simulate, false);
    }

    @Override
    public StepCache orBusy() {
        return (key, simulate) -> step(key, simulate, true);
    }

    private StepResult step(StepKey key, Supplier<StepResult> simulate, boolean busyInsteadOfWaiting) {
        CompletableFuture<StepResult> mine = new CompletableFuture<>();
        CompletableFuture<StepResult> existing;
        synchronized (entries) {
            existing = entries.get(key);
            if (existing != null && busyInsteadOfWaiting && !existing.isDone()) {
                throw new Busy();
            }
            if (existing == null) {
                entries.put(key, mine);
                if (entries.size() > capacity) {
                    var eldest = entries.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }
        }
        if (existing != null) {
            hits.incrementAndGet();
            try {
                return existing.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a step", e);
            } catch (ExecutionException e) {
                // the thread that simulated it failed and has thrown; simulate here to raise this point's own error
                return simulate.get();
            }
        }
        misses.incrementAndGet();
        try {
            StepResult result = simulate.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            synchronized (entries) {
                entries.remove(key, mine);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Lookups answered from memory (including waits for a step another thread was simulating). */
    public long hits() {
        return hits.get();
    }

    /** Lookups that simulated. */
    public long misses() {
        return misses.get();
    }
}

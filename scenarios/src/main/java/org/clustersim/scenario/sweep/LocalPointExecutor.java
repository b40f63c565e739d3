package org.clustersim.scenario.sweep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs points on threads of this process, one simulation per thread (a simulation is single-threaded by design).
 * Threads take the next point in index order as they free up, so slow and fast points balance themselves. A point that
 * needs a step another thread is simulating right now (its neighbours in a price axis, say) is put back once, behind
 * the others, rather than leaving its thread idle while other work waits.
 */
public final class LocalPointExecutor implements PointExecutor {

    private final PointRunner runner;
    private final int threads;

    public LocalPointExecutor(PointRunner runner, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.runner = runner;
        this.threads = threads;
    }

    @Override
    public void execute(List<SweepPoint> points, Consumer<PointResult> sink) throws InterruptedException {
        Deque<SweepPoint> queue = new ArrayDeque<>(points);
        Set<Integer> deferred = new HashSet<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        int n = Math.min(threads, Math.max(1, points.size()));
        for (int t = 0; t < n; t++) {
            Thread worker = new Thread(() -> {
                try {
                    while (failure.get() == null) {
                        SweepPoint point;
                        boolean mayDefer;
                        synchronized (queue) {
                            point = queue.pollFirst();
                            // a point waits for a busy step only once it was put back, or when nothing else is left
                            mayDefer = point != null && !queue.isEmpty() && !deferred.contains(point.index());
                        }
                        if (point == null) {
                            break;
                        }
                        Optional<PointResult> result = mayDefer ? runner.runUnlessBusy(point)
                                : Optional.of(runner.run(point));
                        if (result.isPresent()) {
                            sink.accept(result.get());
                        } else {
                            synchronized (queue) {
                                deferred.add(point.index());
                                queue.addLast(point);
                            }
                        }
                    }
                } catch (Throwable e) { // a failing sink (disk full) or an Error: stop the sweep, report once
                    failure.compareAndSet(null, e);
                }
            }, "clustersim-sweep-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        try {
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
            for (Thread worker : workers) {
                worker.interrupt();
            }
            throw e;
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }
}

package org.clustersim.bench;

import java.util.PriorityQueue;

/**
 * Baseline for {@link EventEngineHoldBenchmark}: the smallest honest event engine on {@link PriorityQueue}. Time is an
 * integer in nanoseconds and ties break by insertion sequence, the same contract as clustersim's engine, so the two
 * differ only in how the pending-event set is built (boxed event objects in a binary heap vs. primitive arrays).
 */
final class PriorityQueueEngine {

    /** An event carries its own time and sequence; it may be rescheduled once it has fired. */
    abstract static class QueuedEvent implements Comparable<QueuedEvent> {
        long timeNs;
        long sequence;

        abstract void fire();

        @Override
        public final int compareTo(QueuedEvent other) {
            int byTime = Long.compare(timeNs, other.timeNs);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<QueuedEvent> pending;
    private long nowNs;
    private long nextSequence;
    private boolean stopRequested;

    PriorityQueueEngine(int initialCapacity) {
        pending = new PriorityQueue<>(Math.max(1, initialCapacity));
    }

    long nowNs() {
        return nowNs;
    }

    int pendingEvents() {
        return pending.size();
    }

    void scheduleAfter(long delayNs, QueuedEvent event) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay " + delayNs + " ns");
        }
        event.timeNs = nowNs + delayNs;
        event.sequence = nextSequence++;
        pending.add(event);
    }

    /** Runs until no event is pending or {@link #stop()} is called; a later call resumes. */
    void run() {
        stopRequested = false;
        while (!stopRequested) {
            QueuedEvent event = pending.poll();
            if (event == null) {
                return;
            }
            nowNs = event.timeNs;
            event.fire();
        }
    }

    void stop() {
        stopRequested = true;
    }
}

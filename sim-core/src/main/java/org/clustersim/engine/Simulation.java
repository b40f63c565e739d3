package org.clustersim.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * One discrete-event simulation: a clock in integer nanoseconds, a pending-event set and named random streams.
 *
 * <p>Events at the same time fire in the order they were scheduled, so a run is bit-for-bit reproducible. The engine is
 * single-threaded by design: parallelism lives in sweeps, one simulation per thread.
 *
 * <p>Scheduling returns a {@code long} handle for {@link #cancel(long)}. The handle packs the event's slot in the event
 * table and that slot's generation, so a stale handle (its event already fired or cancelled) cancels nothing.
 */
public final class Simulation {

    /** A handle that never names a pending event. */
    public static final long NO_EVENT = -1L;

    private final PendingEventSet pending;
    private final RandomStreams random;

    private Event[] events = new Event[1024];
    private int[] generations = new int[1024];
    private int[] freeSlots = new int[1024];
    private int freeCount;
    private int slotsUsed;

    private long nowNs;
    private long nextSequence;
    private int liveEvents;
    private long firedEvents;
    private boolean stopRequested;
    private boolean running;

    public Simulation(long masterSeed) {
        this(masterSeed, new QuaternaryHeap());
    }

    public Simulation(long masterSeed, PendingEventSet pending) {
        this.pending = Objects.requireNonNull(pending, "pending");
        this.random = new RandomStreams(masterSeed);
    }

    /** Current simulated time in nanoseconds. */
    public long nowNs() {
        return nowNs;
    }

    public RandomStreams random() {
        return random;
    }

    /** Number of scheduled events that have not fired or been cancelled. */
    public int pendingEvents() {
        return liveEvents;
    }

    /** Number of events fired since the simulation was created. */
    public long firedEvents() {
        return firedEvents;
    }

    /** Schedules {@code event} at absolute time {@code timeNs}, which must not lie in the past. */
    public long scheduleAt(long timeNs, Event event) {
        Objects.requireNonNull(event, "event");
        if (timeNs < nowNs) {
            throw new IllegalArgumentException("cannot schedule at " + timeNs + " ns, before now (" + nowNs + " ns)");
        }
        int slot = takeSlot();
        events[slot] = event;
        pending.add(timeNs, nextSequence++, slot);
        liveEvents++;
        return ((long) generations[slot] << 32) | slot;
    }

    /** Schedules {@code event} {@code delayNs} after now; the delay must not be negative. */
    public long scheduleAfter(long delayNs, Event event) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay " + delayNs + " ns");
        }
        return scheduleAt(Math.addExact(nowNs, delayNs), event);
    }

    /**
     * Cancels a pending event. Returns false if the handle names no pending event (already fired, already cancelled,
     * or {@link #NO_EVENT}). The heap entry stays and is skipped when it surfaces, which keeps cancel O(1).
     */
    public boolean cancel(long handle) {
        if (handle < 0) {
            return false;
        }
        int slot = (int) handle;
        int generation = (int) (handle >>> 32);
        if (slot >= slotsUsed || generations[slot] != generation || events[slot] == null) {
            return false;
        }
        events[slot] = null;
        liveEvents--;
        return true;
    }

    /** Runs until no event is pending or {@link #stop()} is called. */
    public void run() {
        runUntil(Long.MAX_VALUE);
    }

    /**
     * Fires every event with time at or before {@code endNs}, then advances the clock to {@code endNs} (unless the run was
     * stopped or {@code endNs} is {@link Long#MAX_VALUE}, meaning "until empty").
     */
    public void runUntil(long endNs) {
        if (running) {
            throw new IllegalStateException("simulation is already running");
        }
        running = true;
        stopRequested = false;
        try {
            while (!stopRequested && !pending.isEmpty() && pending.peekTimeNs() <= endNs) {
                long timeNs = pending.peekTimeNs();
                int slot = pending.peekPayload();
                pending.removeFirst();
                Event event = events[slot];
                releaseSlot(slot);
                if (event == null) {
                    continue; // cancelled
                }
                liveEvents--;
                nowNs = timeNs;
                firedEvents++;
                event.fire();
            }
            if (!stopRequested && endNs != Long.MAX_VALUE && endNs > nowNs) {
                nowNs = endNs;
            }
        } finally {
            running = false;
        }
    }

    /** Asks the running loop to return after the current event. */
    public void stop() {
        stopRequested = true;
    }

    private int takeSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == events.length) {
            int capacity = events.length * 2;
            events = Arrays.copyOf(events, capacity);
            generations = Arrays.copyOf(generations, capacity);
            freeSlots = Arrays.copyOf(freeSlots, capacity);
        }
        return slotsUsed++;
    }

    private void releaseSlot(int slot) {
        events[slot] = null;
        generations[slot] = (generations[slot] + 1) & 0x7fffffff;
        freeSlots[freeCount++] = slot;
    }
}

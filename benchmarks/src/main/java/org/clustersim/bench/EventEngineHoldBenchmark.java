package org.clustersim.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.clustersim.engine.Event;
import org.clustersim.engine.Simulation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import umontreal.ssj.simevents.Simulator;
import umontreal.ssj.simevents.eventlist.SplayTree;

/**
 * Classic hold model of an event engine, three engines side by side in one run.
 *
 * <p>Each trial pre-fills {@code pending} events at times drawn from Exp(mean) after time 0. One operation is one
 * <em>hold</em>: the engine pops its earliest event and fires it; the callback draws Exp(mean) and schedules one new
 * event that far after now, so the pending count stays at {@code pending}. An invocation runs the engine's own loop for
 * {@link #HOLDS} holds: the callback counts a budget down and calls the engine's {@code stop()} at zero; the next
 * invocation resumes the same simulation. The score is holds per second.
 *
 * <p>Fairness: every variant uses the same {@link HoldWork} (same {@link SplittableRandom} seed, same draw, same
 * counter), goes through its engine's public scheduling API, and reuses its event objects, so no variant allocates in
 * user code per hold. Whatever an engine allocates internally (SSJ's splay-tree entries) is its own cost.
 * <ul>
 *   <li>{@code clustersim}: {@link Simulation#scheduleAfter(long, Event)} with integer nanoseconds, one shared
 *       {@link Event} lambda (a clustersim event carries no time of its own);</li>
 *   <li>{@code priorityQueue}: {@link PriorityQueueEngine}, {@link java.util.PriorityQueue} of event objects ordered by
 *       (time, sequence), integer nanoseconds, one object per pending event that reschedules itself;</li>
 *   <li>{@code ssjSplayTree}: SSJ 3.3.2 {@link Simulator} with its default event list ({@link SplayTree}), one
 *       {@link umontreal.ssj.simevents.Event} subclass per pending event that calls {@code schedule(delay)} on itself;
 *       time is a double in the same unit (nanoseconds) and with the same mean.</li>
 * </ul>
 *
 * <p>The mean delay is 10^9 ns. With N pending events spread over a few means, about N/mean events fall on each
 * nanosecond; 10^9 keeps that near 10^-3 at N = 10^6, so ties (and tie-breaking by sequence) are rare for every size.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EventEngineHoldBenchmark.HOLDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 3)
public class EventEngineHoldBenchmark {

    /** Holds per benchmark invocation. */
    static final int HOLDS = 100_000;

    /** Mean of the exponential hold time, in nanoseconds (SSJ: the same value in its double time). */
    static final double MEAN_DELAY_NS = 1e9;

    static final long SEED = 0x5EED_2024L;

    /** The callback work shared by all variants: one exponential draw, one add, one budget decrement. */
    static final class HoldWork {
        private final SplittableRandom random = new SplittableRandom(SEED);
        double sum;
        int remaining;

        double nextDelay() {
            double delay = -MEAN_DELAY_NS * Math.log(1.0 - random.nextDouble());
            sum += delay;
            return delay;
        }

        /** Counts one hold; true when the invocation's budget is spent and the engine should stop. */
        boolean holdDone() {
            return --remaining == 0;
        }

        void startInvocation() {
            remaining = HOLDS;
        }

        void checkInvocationDone() {
            if (remaining != 0) {
                throw new IllegalStateException("engine returned with " + remaining + " holds left");
            }
        }
    }

    // ---------------------------------------------------------------- clustersim

    @State(Scope.Thread)
    public static class ClustersimState {
        @Param({"1000", "100000", "1000000"})
        int pending;

        final HoldWork work = new HoldWork();
        Simulation sim;
        private Event hold;

        @Setup(Level.Trial)
        public void setUp() {
            sim = new Simulation(SEED);
            hold = this::onHold;
            for (int i = 0; i < pending; i++) {
                sim.scheduleAt((long) work.nextDelay(), hold);
            }
        }

        private void onHold() {
            if (work.holdDone()) {
                sim.stop();
            }
            sim.scheduleAfter((long) work.nextDelay(), hold);
        }

        @TearDown(Level.Trial)
        public void check() {
            if (sim.pendingEvents() != pending) {
                throw new IllegalStateException("pending " + sim.pendingEvents() + " != " + pending);
            }
        }
    }

    @Benchmark
    public double clustersim(ClustersimState s) {
        s.work.startInvocation();
        s.sim.run();
        s.work.checkInvocationDone();
        return s.work.sum;
    }

    // ---------------------------------------------------------------- java.util.PriorityQueue

    @State(Scope.Thread)
    public static class PriorityQueueState {
        @Param({"1000", "100000", "1000000"})
        int pending;

        final HoldWork work = new HoldWork();
        PriorityQueueEngine engine;

        final class HoldEvent extends PriorityQueueEngine.QueuedEvent {
            @Override
            void fire() {
                if (work.holdDone()) {
                    engine.stop();
                }
                engine.scheduleAfter((long) work.nextDelay(), this);
            }
        }

        @Setup(Level.Trial)
        public void setUp() {
            engine = new PriorityQueueEngine(pending);
            for (int i = 0; i < pending; i++) {
                engine.scheduleAfter((long) work.nextDelay(), new HoldEvent());
            }
        }

        @TearDown(Level.Trial)
        public void check() {
            if (engine.pendingEvents() != pending) {
                throw new IllegalStateException("pending " + engine.pendingEvents() + " != " + pending);
            }
        }
    }

    @Benchmark
    public double priorityQueue(PriorityQueueState s) {
        s.work.startInvocation();
        s.engine.run();
        s.work.checkInvocationDone();
        return s.work.sum;
    }

    // ---------------------------------------------------------------- SSJ 3.3.2, default event list

    @State(Scope.Thread)
    public static class SsjState {
        @Param({"1000", "100000", "1000000"})
        int pending;

        final HoldWork work = new HoldWork();
        Simulator sim;

        final class HoldEvent extends umontreal.ssj.simevents.Event {
            HoldEvent(Simulator sim) {
                super(sim);
            }

            @Override
            public void actions() {
                if (work.holdDone()) {
                    sim.stop();
                }
                schedule(work.nextDelay());
            }
        }

        @Setup(Level.Trial)
        public void setUp() {
            sim = new Simulator(); // default event list
            if (!(sim.getEventList() instanceof SplayTree)) {
                throw new IllegalStateException("SSJ default event list is " + sim.getEventList().getClass());
            }
            sim.init();
            for (int i = 0; i < pending; i++) {
                new HoldEvent(sim).schedule(work.nextDelay());
            }
        }

        @TearDown(Level.Trial)
        public void check() {
            int count = 0;
            for (umontreal.ssj.simevents.Event ignored : sim.getEventList()) {
                count++;
            }
            if (count != pending) {
                throw new IllegalStateException("pending " + count + " != " + pending);
            }
        }
    }

    @Benchmark
    public double ssjSplayTree(SsjState s) {
        s.work.startInvocation();
        s.sim.start();
        s.work.checkInvocationDone();
        return s.work.sum;
    }
}

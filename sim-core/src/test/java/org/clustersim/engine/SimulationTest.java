package org.clustersim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

    @Test
    void eventsAtTheSameTimeFireInInsertionOrder() {
        Simulation sim = new Simulation(1);
        List<String> fired = new ArrayList<>();
        sim.scheduleAt(10, () -> fired.add("b1"));
        sim.scheduleAt(5, () -> fired.add("a"));
        sim.scheduleAt(10, () -> fired.add("b2"));
        sim.scheduleAt(10, () -> fired.add("b3"));
        sim.run();
        assertThat(fired).containsExactly("a", "b1", "b2", "b3");
        assertThat(sim.nowNs()).isEqualTo(10);
        assertThat(sim.firedEvents()).isEqualTo(4);
    }

    @Test
    void scheduleAfterIsRelativeToNow() {
        Simulation sim = new Simulation(1);
        List<Long> times = new ArrayList<>();
        sim.scheduleAt(100, () -> sim.scheduleAfter(25, () -> times.add(sim.nowNs())));
        sim.run();
        assertThat(times).containsExactly(125L);
    }

    @Test
    void cancelledEventsDoNotFireAndStaleHandlesCancelNothing() {
        Simulation sim = new Simulation(1);
        List<String> fired = new ArrayList<>();
        long a = sim.scheduleAt(1, () -> fired.add("a"));
        long b = sim.scheduleAt(2, () -> fired.add("b"));
        assertThat(sim.cancel(b)).isTrue();
        assertThat(sim.cancel(b)).isFalse();
        assertThat(sim.pendingEvents()).isEqualTo(1);
        sim.run();
        assertThat(fired).containsExactly("a");
        // a's slot is reused by c; a's old handle must not cancel c
        long c = sim.scheduleAt(3, () -> fired.add("c"));
        assertThat(sim.cancel(a)).isFalse();
        assertThat(sim.cancel(Simulation.NO_EVENT)).isFalse();
        sim.run();
        assertThat(fired).containsExactly("a", "c");
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void runUntilStopsAtTheHorizonAndAdvancesTheClock() {
        Simulation sim = new Simulation(1);
        List<Long> fired = new ArrayList<>();
        for (long t = 10; t <= 50; t += 10) {
            long at = t;
            sim.scheduleAt(t, () -> fired.add(at));
        }
        sim.runUntil(30);
        assertThat(fired).containsExactly(10L, 20L, 30L);
        assertThat(sim.nowNs()).isEqualTo(30);
        sim.runUntil(45);
        assertThat(sim.nowNs()).isEqualTo(45);
        assertThat(fired).containsExactly(10L, 20L, 30L, 40L);
        sim.run();
        assertThat(fired).containsExactly(10L, 20L, 30L, 40L, 50L);
    }

    @Test
    void stopReturnsAfterTheCurrentEventAndRunResumes() {
        Simulation sim = new Simulation(1);
        List<Long> fired = new ArrayList<>();
        sim.scheduleAt(1, () -> {
            fired.add(1L);
            sim.stop();
        });
        sim.scheduleAt(2, () -> fired.add(2L));
        sim.run();
        assertThat(fired).containsExactly(1L);
        assertThat(sim.pendingEvents()).isEqualTo(1);
        sim.run();
        assertThat(fired).containsExactly(1L, 2L);
    }

    @Test
    void rejectsThePast() {
        Simulation sim = new Simulation(1);
        sim.scheduleAt(10, () -> { });
        sim.run();
        assertThatThrownBy(() -> sim.scheduleAt(5, () -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.scheduleAfter(-1, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyEventsGrowTheTables() {
        Simulation sim = new Simulation(1);
        long[] sum = {0};
        for (int i = 0; i < 100_000; i++) {
            int v = i;
            sim.scheduleAt(100_000 - i, () -> sum[0] += v);
        }
        sim.run();
        assertThat(sum[0]).isEqualTo(99_999L * 100_000L / 2);
        assertThat(sim.nowNs()).isEqualTo(100_000);
    }
}

package org.clustersim.network.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.engine.SimTime;
import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;
import org.clustersim.network.LinkTier;
import org.clustersim.network.Route;
import org.junit.jupiter.api.Test;

/**
 * What every network model and mode must do. Each implementation (and each mode of one) inherits this class. Fabric:
 * 4 nodes of 4 GPUs, 2 nodes per leaf, non-blocking; NVLink 160 GB/s and NIC 40 GB/s achievable.
 */
abstract class NetworkModelContractTest {

    static final double NVLINK = TinyFatTree.NVLINK * TinyFatTree.EFFICIENCY;
    static final double NIC = TinyFatTree.NIC * TinyFatTree.EFFICIENCY;

    final TinyFatTree fabric = TinyFatTree.nonBlocking(4, 4, 2);

    abstract NetworkModel create(Simulation simulation, Fabric fabric, ModelOptions options);

    /** True when concurrent operations share link capacity in this model. */
    abstract boolean contends();

    NetworkModel model(Simulation sim) {
        return create(sim, fabric, ModelOptions.DEFAULT);
    }

    /** Starts and runs to completion; returns the completion times (ns) of the given operations. */
    static long[] runAll(NetworkModel model, Traffic... traffics) {
        long[] done = new long[traffics.length];
        java.util.Arrays.fill(done, -1);
        for (int i = 0; i < traffics.length; i++) {
            int k = i;
            model.start(traffics[i], () -> done[k] = model.simulation().nowNs());
        }
        model.simulation().run();
        for (long d : done) {
            assertThat(d).as("every operation completes").isGreaterThanOrEqualTo(0);
        }
        return done;
    }

    static Traffic transfer(int src, int dst, double bytes, double latency) {
        return Traffic.of("t", TrafficPhase.uniform(PhaseShape.of(FlowMembers.builder("t").add(src, dst).build()),
                bytes, 1.0), latency);
    }

    static long ns(double seconds) {
        return (long) Math.ceil(seconds * 1e9);
    }

    @Test
    void transferTakesItsRouteLatencyPlusBytesOverTheBottleneck() {
        Simulation sim = new Simulation(1);
        NetworkModel model = model(sim);
        long[] end = {-1};
        model.startTransfer(0, 8, 1e8, () -> end[0] = sim.nowNs());
        sim.run();
        Route route = fabric.route(0, 8);
        long expected = ns(1e8 / NIC) + SimTime.secondsToNs(fabric.latencySeconds(route));
        System.out.printf("%s: transfer 100 MB across leaves %d ns, closed form %d ns%n", getClass().getSimpleName(),
                end[0], expected);
        assertThat(end[0]).isEqualTo(expected);
    }

    @Test
    void callbackRunsAsALaterEventNeverInsideStart() {
        Simulation sim = new Simulation(1);
        NetworkModel model = model(sim);
        List<String> order = new ArrayList<>();
        model.start(transfer(0, 1, 0, 0), () -> order.add("done"));
        order.add("started");
        assertThat(model.activeOperations()).isEqualTo(1);
        sim.run();
        assertThat(order).containsExactly("started", "done");
        assertThat(model.activeOperations()).isZero();
        assertThat(sim.nowNs()).isZero();
    }

    @Test
    void emptyOperationCompletesAfterItsLatency() {
        Simulation sim = new Simulation(1);
        long[] done = runAll(model(sim), new Traffic("nothing", List.of(), 5e-6));
        assertThat(done[0]).isEqualTo(5_000);
    }

    @Test
    void phasesRunOneAfterAnother() {
        Simulation sim = new Simulation(1);
        PhaseShape there = PhaseShape.of(FlowMembers.builder("a").add(0, 8).build());
        PhaseShape back = PhaseShape.of(FlowMembers.builder("b").add(8, 0).add(9, 1).build());
        Traffic t = new Traffic("two", List.of(TrafficPhase.uniform(there, 4e7, 1.0),
                TrafficPhase.uniform(back, 8e7, 1.0)), 0);
        long[] done = runAll(model(sim), t);
        assertThat(done[0]).isEqualTo(ns(4e7 / NIC) + ns(8e7 / NIC));
    }

    @Test
    void protocolEfficiencyStretchesTheTransferNotTheLatency() {
        Simulation sim = new Simulation(1);
        PhaseShape shape = PhaseShape.of(FlowMembers.builder("a").add(0, 1).build());
        long[] done = runAll(model(sim), Traffic.of("half", TrafficPhase.uniform(shape, 1.6e8, 0.5), 1e-6));
        assertThat(done[0]).isEqualTo(ns(1.6e8 / 0.5 / NVLINK) + 1_000);
    }

    @Test
    void operationsOnDisjointLinksDoNotSlowEachOther() {
        Simulation sim = new Simulation(1);
        long[] done = runAll(model(sim), transfer(0, 1, 1.6e8, 0), transfer(4, 12, 4e7, 0));
        assertThat(done[0]).isEqualTo(ns(1.6e8 / NVLINK));
        assertThat(done[1]).isEqualTo(ns(4e7 / NIC));
    }

    @Test
    void operationsSharingALinkContendOnlyWhereTheModelSaysSo() {
        Simulation sim = new Simulation(1);
        // both end at GPU 8: they share its NIC and PCIe links
        long[] done = runAll(model(sim), transfer(0, 8, 4e7, 0), transfer(4, 8, 4e7, 0));
        long alone = ns(4e7 / NIC);
        if (contends()) {
            assertThat(done[0]).isEqualTo(done[1]).isBetween(2 * alone - 1, 2 * alone + 1);
        } else {
            assertThat(done).containsExactly(alone, alone);
        }
    }

    @Test
    void sequentialTransfersDoNotDrift() {
        Simulation sim = new Simulation(1);
        NetworkModel model = model(sim);
        double bytes = 12_345.678; // 308.6 ns at 40 GB/s: every transfer rounds up to whole ns
        int count = 1000;
        int[] left = {count};
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (--left[0] > 0) {
                model.start(transfer(0, 8, bytes, 0), next[0]);
            }
        };
        model.start(transfer(0, 8, bytes, 0), next[0]);
        sim.run();
        assertThat(sim.nowNs()).isEqualTo(count * ns(bytes / NIC));
    }

    @Test
    void ringOnOneNodeMatchesTheClosedForm() {
        Simulation sim = new Simulation(1);
        FlowMembers.Builder ring = FlowMembers.builder("ring");
        for (int i = 0; i < 4; i++) {
            ring.add(i, (i + 1) % 4);
        }
        double n = 1e9;
        double perRank = 2.0 * 3 / 4 * n; // ring all-reduce: 2(p-1)/p n per rank (§3.1)
        long[] done = runAll(model(sim),
                Traffic.of("ring", TrafficPhase.uniform(PhaseShape.of(ring.build()), perRank, 1.0), 0));
        double closed = perRank / NVLINK;
        System.out.printf("%s: ring all-reduce 1 GB on 4 GPUs %.6f ms vs closed form %.6f ms%n",
                getClass().getSimpleName(), done[0] / 1e6, closed * 1e3);
        assertThat(done[0]).isEqualTo(ns(closed));
    }

    @Test
    void directAllToAllAcrossNodesMatchesTheClosedForm() {
        Simulation sim = new Simulation(1);
        FlowMembers.Builder local = FlowMembers.builder("local");
        FlowMembers.Builder remote = FlowMembers.builder("remote");
        int p = 16;
        for (int s = 0; s < p; s++) {
            for (int d = 0; d < p; d++) {
                (s / 4 == d / 4 ? local : remote).add(s, d);
            }
        }
        double n = 1.6e8; // bytes each rank sends in all
        long[] done = runAll(model(sim), Traffic.of("a2a",
                TrafficPhase.uniform(new PhaseShape(List.of(local.build(), remote.build())), n / p, 1.0), 0));
        // §3.1 direct all-to-all, NIC-bound on a non-blocking fabric: (p - g)/p of the bytes leave through the NIC
        double closed = Math.max(3.0 / p * n / NVLINK, 12.0 / p * n / NIC);
        System.out.printf("%s: all-to-all %.6f ms vs closed form %.6f ms%n", getClass().getSimpleName(),
                done[0] / 1e6, closed * 1e3);
        assertThat((double) done[0]).isCloseTo(closed * 1e9, offset(closed * 1e9 * 1e-6 + 2));
    }

    @Test
    void statisticsCountTheBytesOnEveryLinkOfTheRouteAndTheTierUtilisation() {
        Simulation sim = new Simulation(1);
        NetworkModel model = create(sim, fabric, ModelOptions.DEFAULT.withStatistics(true));
        assertThat(model.statistics().enabled()).isTrue();
        double bytes = 4e7;
        runAll(model, transfer(0, 8, bytes, 0));
        long end = sim.nowNs();
        Route route = fabric.route(0, 8);
        for (int s = 0; s < route.stageCount(); s++) {
            for (int j = 0; j < route.width(s); j++) {
                assertThat(model.statistics().bytesOnLink(route.link(s, j), end))
                        .isCloseTo(bytes / route.width(s), offset(bytes * 1e-6));
            }
        }
        assertThat(model.statistics().bytesOnTier(LinkTier.NIC, end)).isCloseTo(2 * bytes, offset(bytes * 1e-6));
        assertThat(model.statistics().bytesOnLink(fabric.route(1, 2).link(0, 0), end)).isZero();
        // one of the 32 NIC-tier links carried 40 GB/s, which is its achievable capacity, in each direction
        double nicTierCapacity = model.statistics().tierCapacityBytesPerSecond(LinkTier.NIC);
        assertThat(nicTierCapacity).isEqualTo(32 * NIC);
        assertThat(model.statistics().maxUtilisation(LinkTier.NIC)).isCloseTo(2 * NIC / nicTierCapacity,
                offset(1e-9));
        assertThat(model.statistics().meanUtilisation(LinkTier.NIC, end)).isCloseTo(2 * NIC / nicTierCapacity,
                offset(1e-3));
        assertThat(model.statistics().tierBytesPerSecond(LinkTier.NIC)).isZero();
    }

    @Test
    void statisticsAreOffByDefault() {
        Simulation sim = new Simulation(1);
        NetworkModel model = model(sim);
        runAll(model, transfer(0, 8, 4e7, 0));
        assertThat(model.statistics().enabled()).isFalse();
        assertThat(model.statistics().bytesOnLink(fabric.route(0, 8).link(0, 0), sim.nowNs())).isZero();
    }

    @Test
    void sameInputsSameTimes() {
        long[] a = runMixed();
        long[] b = runMixed();
        assertThat(a).containsExactly(b);
    }

    private long[] runMixed() {
        Simulation sim = new Simulation(7);
        return runAll(model(sim), transfer(0, 8, 3.3e7, 1e-6), transfer(5, 9, 1.1e7, 0), transfer(1, 2, 7e8, 0),
                transfer(12, 3, 2e6, 2e-6));
    }

    @Test
    void badTrafficIsRejected() {
        assertThatThrownBy(() -> transfer(0, 1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrafficPhase.uniform(PhaseShape.of(FlowMembers.builder("x").add(0, 1).build()), 1,
                0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Traffic("x", List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}

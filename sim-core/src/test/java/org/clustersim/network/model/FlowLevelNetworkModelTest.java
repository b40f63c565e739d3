package org.clustersim.network.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.clustersim.engine.Simulation;
import org.clustersim.network.RoutingMode;
import org.junit.jupiter.api.Test;

/** Behaviour only the flow-level model has: re-solving as flows come and go, batching, components, classes. */
class FlowLevelNetworkModelTest {

    static Traffic flow(int src, int dst, double bytes) {
        return NetworkModelContractTest.transfer(src, dst, bytes, 0);
    }

    @Test
    void ratesAreReSolvedWhenAFlowFinishes() {
        // link 0 (1 GB/s): f1, f2; link 1 (2 GB/s): f2, f3. Max-min: 0.5, 0.5, 1.5 GB/s. f1 (0.25 GB) ends at 0.5 s;
        // then f2 and f3 share link 1 at 1 GB/s each: f3 (0.25 GB left) ends at 0.75 s, f2 (0.5 GB left) at 1.25 s.
        LineFabric fabric = new LineFabric(4, 0, 1e9, 2e9).withRoute(0, 1, 0).withRoute(1, 2, 0, 1).withRoute(2, 3, 1);
        Simulation sim = new Simulation(1);
        FlowLevelNetworkModel model = new FlowLevelNetworkModel(sim, fabric, false);
        long[] done = NetworkModelContractTest.runAll(model, flow(0, 1, 0.25e9), flow(1, 2, 1e9), flow(2, 3, 1e9));
        assertThat(done).containsExactly(500_000_000L, 1_250_000_000L, 750_000_000L);
    }

    @Test
    void changesAtOneTimestampAreSolvedOnce() {
        TinyFatTree fabric = TinyFatTree.nonBlocking(4, 4, 2);
        Simulation sim = new Simulation(1);
        FlowLevelNetworkModel model = new FlowLevelNetworkModel(sim, fabric, false);
        Traffic[] t = new Traffic[16];
        for (int i = 0; i < 16; i++) {
            t[i] = flow(i, (i + 8) % 16, 1e6);
        }
        NetworkModelContractTest.runAll(model, t);
        // one solve for the 16 starts, one for the 16 simultaneous completions
        assertThat(model.solves()).isEqualTo(2);
    }

    @Test
    void onlyTheTouchedComponentIsReSolved() {
        TinyFatTree fabric = TinyFatTree.nonBlocking(4, 4, 2);
        Simulation sim = new Simulation(1);
        FlowLevelNetworkModel model = new FlowLevelNetworkModel(sim, fabric, false);
        for (int i = 0; i < 4; i++) {
            model.start(flow(i, (i + 1) % 4, 1e9), () -> { });  // a busy ring on node 0
        }
        sim.runUntil(1_000);
        long before = model.solvedVariables();
        model.start(flow(8, 12, 1e6), () -> { });           // nodes 2 and 3 share no link with node 0
        sim.runUntil(2_000);
        assertThat(model.solvedVariables() - before).isEqualTo(1);
        sim.run();
    }

    @Test
    void verificationSplitsClassesThatAreNotSymmetric() {
        // 5 nodes of 2 GPUs, 2 nodes per leaf: the fifth node is alone on its leaf, so flows to and from it meet less
        // traffic than the others although their routes look the same
        TinyFatTree fabric = new TinyFatTree(5, 2, 2, 1, 2, RoutingMode.ECMP);
        FlowMembers.Builder remote = FlowMembers.builder("remote");
        for (int s = 0; s < 10; s++) {
            for (int d = 0; d < 10; d++) {
                if (s / 2 != d / 2) {
                    remote.add(s, d);
                }
            }
        }
        PhaseShape shape = PhaseShape.of(remote.build());
        Traffic traffic = Traffic.of("a2a", TrafficPhase.uniform(shape, 1e7, 1.0), 0);
        FlowLevelNetworkModel classes = new FlowLevelNetworkModel(new Simulation(1), fabric, true);
        FlowLevelNetworkModel perFlow = new FlowLevelNetworkModel(new Simulation(1), fabric, false);
        FlowLevelNetworkModel unverified = new FlowLevelNetworkModel(new Simulation(1), fabric, true,
                ModelOptions.DEFAULT.withVerifyClasses(false));
        // routing alone tells flows within a leaf from flows across it; only verification sees that flows into the
        // half-empty leaf meet less traffic than the others
        assertThat(classes.variablesOf(shape)).isGreaterThan(unverified.variablesOf(shape)).isLessThan(80);
        long a = NetworkModelContractTest.runAll(classes, traffic)[0];
        long b = NetworkModelContractTest.runAll(perFlow, traffic)[0];
        long c = NetworkModelContractTest.runAll(unverified, traffic)[0];
        System.out.printf("partial leaf all-to-all: verified classes %d ns, per-flow %d ns, unverified classes %d ns%n",
                a, b, c);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void hashedSinglePathRoutingIsNeverFasterThanEvenSpreading() {
        for (long seed = 0; seed < 4; seed++) {
            TinyFatTree ecmp = new TinyFatTree(4, 2, 2, 2, 1, RoutingMode.ECMP);
            TinyFatTree hashed = new TinyFatTree(4, 2, 2, 2, 1, RoutingMode.HASHED);
            FlowMembers.Builder b = FlowMembers.builder("a2a");
            for (int s = 0; s < 8; s++) {
                for (int d = 0; d < 8; d++) {
                    b.add(s, d);
                }
            }
            Traffic t = Traffic.of("a2a", TrafficPhase.uniform(PhaseShape.of(b.build()), 1e6 * (seed + 1), 1.0), 0);
            long fluid = NetworkModelContractTest.runAll(new FlowLevelNetworkModel(new Simulation(1), ecmp, false),
                    t)[0];
            long single = NetworkModelContractTest.runAll(new FlowLevelNetworkModel(new Simulation(1), hashed, false),
                    t)[0];
            System.out.printf("all-to-all on 2 leaves with 2 uplinks each: even spreading %d ns, hashed %d ns%n",
                    fluid, single);
            assertThat(single).isGreaterThanOrEqualTo(fluid);
        }
    }

    @Test
    void aLinkWithoutCapacityIsReportedNotHung() {
        LineFabric fabric = new LineFabric(2, 0, 0.0).withRoute(0, 1, 0);
        Simulation sim = new Simulation(1);
        FlowLevelNetworkModel model = new FlowLevelNetworkModel(sim, fabric, true);
        model.start(flow(0, 1, 1), () -> { });
        assertThatThrownBy(sim::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("no capacity");
    }

    @Test
    void aStartedOperationSeesLaterOnesJoinAndLeave() {
        // one long flow 0 -> 8 alone, then a second one to 8 for a while: the first slows down only while they overlap
        TinyFatTree fabric = TinyFatTree.nonBlocking(4, 4, 2);
        Simulation sim = new Simulation(1);
        FlowLevelNetworkModel model = new FlowLevelNetworkModel(sim, fabric, true);
        double nic = TinyFatTree.NIC * TinyFatTree.EFFICIENCY;
        long[] end = new long[2];
        model.start(flow(0, 8, 4e7), () -> end[0] = sim.nowNs());         // 1 ms alone
        sim.scheduleAt(250_000, () -> model.start(flow(4, 8, 1e7), () -> end[1] = sim.nowNs()));
        sim.run();
        // from 0.25 ms both run at nic/2: the second needs 0.5 ms (until 0.75 ms); the first then has
        // 4e7 - 0.25e-3 nic - 0.5e-3 nic/2 = 0.5e-3 nic bytes left: 0.5 ms more
        assertThat(end[1]).isEqualTo(750_000);
        assertThat(end[0]).isEqualTo(1_250_000);
        assertThat(nic).isEqualTo(4e10);
    }

    @Test
    void theTransferCacheDoesNotLeakOperationsIntoEachOther() {
        TinyFatTree fabric = TinyFatTree.nonBlocking(4, 4, 2);
        Simulation sim = new Simulation(1);
        FlowLevelNetworkModel model = new FlowLevelNetworkModel(sim, fabric, true);
        long[] end = new long[2];
        model.startTransfer(0, 8, 4e7, () -> end[0] = sim.nowNs());
        model.startTransfer(0, 8, 4e7, () -> end[1] = sim.nowNs());
        sim.run();
        assertThat(end[0]).isEqualTo(end[1]);
        assertThat(end[0] - Math.round(fabric.latencySeconds(fabric.route(0, 8)) * 1e9)).isEqualTo(2_000_000);
        assertThat(List.of(model.fidelity())).containsExactly(Fidelity.FLOW);
    }
}

package org.clustersim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.clustersim.engine.Simulation;
import org.clustersim.network.model.Fidelity;
import org.clustersim.network.model.NetworkModel;
import org.clustersim.network.model.NetworkModels;
import org.clustersim.topology.ClusterFabric;
import org.clustersim.topology.FabricParameters;
import org.clustersim.topology.Topologies;
import org.clustersim.topology.TopologyKind;
import org.clustersim.topology.TierOversubscription;
import org.junit.jupiter.api.Test;

/** Operations that share links slow each other down in the flow-level fidelities, by the amounts fair sharing predicts. */
class ContentionTest {

    static double[] together(Fidelity fidelity, ClusterFabric fabric, CollectivePlan... plans) {
        NetworkModel model = NetworkModels.create(fidelity, new Simulation(1), fabric);
        double[] done = new double[plans.length];
        for (int i = 0; i < plans.length; i++) {
            int k = i;
            model.start(plans[i].traffic(), () -> done[k] = model.simulation().nowNs() * 1e-9);
        }
        model.simulation().run();
        return done;
    }

    @Test
    void twoAllReducesSharingLinksTakeLongerThanOne() {
        ClusterFabric fabric = Fabrics.build(TopologyKind.FAT_TREE, 16, 8);
        CollectivePlanner planner = new CollectivePlanner(fabric, Fabrics.TUNING);
        double n = 256L << 20;
        CollectivePlan a = planner.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, RankGroups.range(0, 64), n)
                .withAlgorithm(Algorithm.RING));
        // shares nodes 4..7 with the first
        CollectivePlan b = planner.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, RankGroups.range(32, 64), n)
                .withAlgorithm(Algorithm.RING));
        for (Fidelity fidelity : Fidelity.values()) {
            double alone = Fabrics.run(fidelity, fabric, a);
            double[] both = together(fidelity, fabric, a, b);
            double[] twice = together(fidelity, fabric, a, a);
            System.out.printf("%-10s one all-reduce %.1f us; with an overlapping one %.1f / %.1f us; with an identical "
                    + "one %.1f us%n", fidelity.spelling(), alone * 1e6, both[0] * 1e6, both[1] * 1e6, twice[0] * 1e6);
            if (fidelity == Fidelity.ANALYTICAL) {
                assertThat(both[0]).isCloseTo(alone, offset(1e-9));
                assertThat(twice[0]).isCloseTo(alone, offset(1e-9));
            } else {
                assertThat(both[0]).isGreaterThan(alone * 1.05);
                assertThat(both[1]).isGreaterThan(alone * 1.05);
                // the same ring twice: every link carries twice the bytes at the same capacity
                double latency = a.traffic().latencySeconds();
                assertThat(twice[0] - latency).isCloseTo(2 * (alone - latency), offset(0.01 * (alone - latency)));
            }
        }
    }

    /**
     * network-and-collectives.md §3.1: an all-to-all on a 2-level fat tree with d GPUs per leaf and leaf
     * oversubscription r takes max(1, ((p - d)/(p - 1)) r) times as long as on a non-blocking tree, with n the bytes
     * each rank sends to others in both terms. r is a bandwidth ratio: the leaf's downlinks at the NIC's achievable
     * 40 GB/s against its uplinks at their 50 GB/s line rate (the fabric charges InfiniBand's efficiency at the NIC).
     */
    @Test
    void allToAllOnAFourToOneTreeSlowsDownByTheReferenceFactor() {
        int p = 204; // 4 full leaves of 51 at 4:1 on 64-port switches, one GPU per node as in the formula
        FabricParameters base = Fabrics.parameters(TopologyKind.FAT_TREE, p, 1);
        ClusterFabric blocking = Topologies.build(base.withOversubscription(4));
        ClusterFabric nonBlocking = Topologies.build(base);
        TierOversubscription leaf = blocking.oversubscription().get(0);
        int d = leaf.downPorts();
        int u = leaf.upPorts();
        assertThat(p % d).isZero();
        double r = d * Fabrics.NIC / (u * 50e9);
        double expected = Math.max(1, (double) (p - d) / (p - 1) * r);
        double n = 64L << 20;
        for (Fidelity fidelity : new Fidelity[] {Fidelity.ANALYTICAL, Fidelity.FLOW}) {
            CollectivePlan slowPlan = new CollectivePlanner(blocking, Fabrics.TUNING)
                    .plan(CollectiveSpec.of(CollectiveKind.ALL_TO_ALL, RankGroups.range(0, p), n));
            CollectivePlan fastPlan = new CollectivePlanner(nonBlocking, Fabrics.TUNING)
                    .plan(CollectiveSpec.of(CollectiveKind.ALL_TO_ALL, RankGroups.range(0, p), n));
            double slow = Fabrics.run(fidelity, blocking, slowPlan) - slowPlan.traffic().latencySeconds();
            double fast = Fabrics.run(fidelity, nonBlocking, fastPlan) - fastPlan.traffic().latencySeconds();
            double ratio = slow / fast;
            System.out.printf("%-10s all-to-all 4:1 (%d down / %d up, r = %.3f) vs 1:1: %.4f x, reference formula "
                    + "%.4f x (%+.3f%%)%n", fidelity.spelling(), d, u, r, ratio, expected,
                    100 * (ratio - expected) / expected);
            assertThat(ratio).isCloseTo(expected, offset(0.02 * expected));
        }
    }

    @Test
    void concurrentOperationsOnDisjointLinksKeepTheirIsolatedTimes() {
        ClusterFabric fabric = Fabrics.build(TopologyKind.MULTI_PLANE, 16, 8);
        CollectivePlanner planner = new CollectivePlanner(fabric, Fabrics.TUNING);
        CollectivePlan a = planner.plan(CollectiveSpec.of(CollectiveKind.ALL_TO_ALL, RankGroups.range(0, 64), 1 << 26));
        CollectivePlan b = planner.plan(CollectiveSpec.of(CollectiveKind.ALL_TO_ALL, RankGroups.range(64, 64),
                1 << 25));
        double aloneA = Fabrics.run(Fidelity.FLOW, fabric, a);
        double aloneB = Fabrics.run(Fidelity.FLOW, fabric, b);
        double[] both = together(Fidelity.FLOW, fabric, a, b);
        assertThat(both[0]).isCloseTo(aloneA, offset(2e-9));
        assertThat(both[1]).isCloseTo(aloneB, offset(2e-9));
    }
}

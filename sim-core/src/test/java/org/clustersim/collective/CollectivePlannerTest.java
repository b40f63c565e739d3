package org.clustersim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.clustersim.engine.Simulation;
import org.clustersim.network.model.AnalyticalNetworkModel;
import org.clustersim.network.model.Fidelity;
import org.clustersim.network.model.NetworkModel;
import org.clustersim.network.model.NetworkModels;
import org.clustersim.network.model.TinyFatTree;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Decompositions against NCCL's tuning model on a small non-blocking fabric: 4 nodes of 4 GPUs. */
class CollectivePlannerTest {

    static final TinyFatTree FABRIC = TinyFatTree.nonBlocking(4, 4, 2);
    static final NcclTuningModel TUNING = new NcclTuningModel(GpuGeneration.HOPPER, 16);
    static final CollectivePlanner PLANNER = new CollectivePlanner(FABRIC, TUNING);
    static final RankGroups ALL = RankGroups.range(0, 16);

    static double run(Fidelity fidelity, CollectivePlan plan) {
        NetworkModel model = NetworkModels.create(fidelity, new Simulation(1), FABRIC);
        return CollectiveRunner.seconds(model, plan.traffic());
    }

    @Test
    void pathBandwidthsComeFromTheFabric() {
        PathBandwidths bw = PLANNER.pathBandwidths(ALL);
        assertThat(bw.intraBytesPerSecond()).isEqualTo(160e9);
        assertThat(bw.interBytesPerSecond()).isEqualTo(40e9);
    }

    /** For rings, hierarchical, direct and the KV exchange the analytical model is NCCL's closed form. */
    @ParameterizedTest
    @EnumSource(value = CollectiveKind.class, names = {"ALL_REDUCE", "ALL_GATHER", "REDUCE_SCATTER", "BROADCAST",
            "ALL_TO_ALL", "KV_ALL_GATHER", "KV_RING_EXCHANGE"})
    void analyticalEqualsTheTuningModelAndFlowLevelAgrees(CollectiveKind kind) {
        for (double bytes : new double[] {64 * 1024, 16 << 20, 1L << 30}) {
            Algorithm algorithm = kind == CollectiveKind.ALL_TO_ALL ? Algorithm.DIRECT : Algorithm.RING;
            CollectivePlan plan = PLANNER.plan(CollectiveSpec.of(kind, ALL, bytes).withAlgorithm(algorithm));
            double analytical = run(Fidelity.ANALYTICAL, plan);
            double flow = run(Fidelity.FLOW, plan);
            double perFlow = run(Fidelity.PER_FLOW, plan);
            System.out.printf("%-16s %10.0f B %-12s tuning %.3f us, analytical %.3f us, flow %.3f us (%+.4f%%), "
                    + "per-flow %.3f us%n", kind.spelling(), bytes, plan.algorithmLabel(), plan.predictedSeconds() * 1e6,
                    analytical * 1e6, flow * 1e6, 100 * (flow - analytical) / analytical, perFlow * 1e6);
            // each phase rounds up to a whole ns, and the latency rounds to the nearest
            int phases = plan.traffic().phases().size();
            assertThat(analytical).isCloseTo(plan.predictedSeconds(), offset((phases + 1) * 1e-9));
            assertThat(flow).isCloseTo(analytical, offset(analytical * 0.01));
            assertThat(perFlow).isCloseTo(flow, offset(flow * 1e-6 + 2e-9));
        }
    }

    @Test
    void hierarchicalAllReduceEqualsTheSumOfItsThreeRings() {
        double bytes = 1L << 28;
        CollectivePlan plan = PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, ALL, bytes)
                .withAlgorithm(Algorithm.HIERARCHICAL));
        assertThat(plan.traffic().phases()).hasSize(3);
        double analytical = run(Fidelity.ANALYTICAL, plan);
        double flow = run(Fidelity.FLOW, plan);
        assertThat(analytical).isCloseTo(plan.predictedSeconds(), offset(4e-9));
        assertThat(flow).isCloseTo(analytical, offset(analytical * 0.01));
    }

    @Test
    void treeAllReduceIsWithinTheBoundsOfItsDecomposition() {
        double bytes = 1L << 28;
        CollectivePlan plan = PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, ALL, bytes)
                .withAlgorithm(Algorithm.TREE));
        double analytical = run(Fidelity.ANALYTICAL, plan);
        double flow = run(Fidelity.FLOW, plan);
        System.out.printf("tree all-reduce 256 MiB on 16 ranks: tuning model %.1f us, analytical %.1f us (%+.1f%%), "
                        + "flow %.1f us%n", plan.predictedSeconds() * 1e6, analytical * 1e6,
                100 * (analytical - plan.predictedSeconds()) / plan.predictedSeconds(), flow * 1e6);
        assertThat(flow).isCloseTo(analytical, offset(analytical * 0.01));
        // every chain hop carries n/m per channel and every NVLink carries at most 2n over the channels; the tree's
        // NICs carry at most 2n/m: the decomposition can be no slower than 2n over the narrower of the two
        double upper = plan.traffic().latencySeconds()
                + 2 * bytes / plan.traffic().phases().get(0).protocolEfficiency() / Math.min(160e9, 4 * 40e9);
        assertThat(analytical).isLessThanOrEqualTo(upper + 2e-9);
    }

    @Test
    void concurrentGroupsOnSeparateRailsDoNotSlowEachOther() {
        int[][] rails = new int[4][4];
        for (int j = 0; j < 4; j++) {
            for (int k = 0; k < 4; k++) {
                rails[j][k] = k * 4 + j;
            }
        }
        double bytes = 1L << 26;
        CollectivePlan one = PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, RankGroups.of(rails[0]),
                bytes).withAlgorithm(Algorithm.RING));
        CollectivePlan all = PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, RankGroups.of(rails), bytes)
                .withAlgorithm(Algorithm.RING));
        double alone = run(Fidelity.FLOW, one);
        double together = run(Fidelity.FLOW, all);
        assertThat(together).isCloseTo(alone, offset(2e-9));
        // one rank per node: the ring runs over NICs alone, 2(p-1)/p n at 40 GB/s
        assertThat(alone - one.traffic().latencySeconds())
                .isCloseTo(2.0 * 3 / 4 * bytes / 40e9 / one.traffic().phases().get(0).protocolEfficiency(),
                        offset(2e-9));
    }

    @Test
    void theSameShapesServeEverySize() {
        CollectivePlan small = PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_GATHER, ALL, 1 << 20)
                .withAlgorithm(Algorithm.RING));
        CollectivePlan large = PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_GATHER, ALL, 1 << 30)
                .withAlgorithm(Algorithm.RING));
        assertThat(large.traffic().phases().get(0).shape()).isSameAs(small.traffic().phases().get(0).shape());
    }

    @Test
    void autoChoosesByTheTuningModel() {
        CollectivePlan small = PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, ALL, 8 * 1024));
        CollectivePlan large = PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, ALL, 1L << 32));
        assertThat(small.protocol()).isEqualTo(Protocol.LL);
        assertThat(large.protocol()).isEqualTo(Protocol.SIMPLE);
        assertThat(large.predictedSeconds()).isEqualTo(TUNING.choose(CollectiveKind.ALL_REDUCE,
                new CollectiveGroup(16, 4), 1L << 32, PLANNER.pathBandwidths(ALL), null).timeSeconds());
    }

    @Test
    void impossibleRequestsAreRejected() {
        assertThatThrownBy(() -> PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_GATHER, ALL, 1)
                .withAlgorithm(Algorithm.TREE))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, RankGroups.range(10, 10),
                1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, RankGroups.range(0, 6), 1)
                .withAlgorithm(Algorithm.HIERARCHICAL))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same number of ranks");
        assertThat(PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, RankGroups.range(0, 6), 1 << 30))
                .algorithm()).isNotEqualTo(Algorithm.HIERARCHICAL);
    }

    @Test
    void unevenGroupsRunASingleRingThatMatchesItsBottleneck() {
        RankGroups six = RankGroups.range(2, 6); // ranks 2,3 | 4..7: two on node 0, four on node 1
        CollectivePlan plan = PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_GATHER, six, 1 << 28)
                .withAlgorithm(Algorithm.RING));
        double analytical = run(Fidelity.ANALYTICAL, plan);
        double flow = run(Fidelity.FLOW, plan);
        double perFlow = run(Fidelity.PER_FLOW, plan);
        assertThat(flow).isCloseTo(analytical, offset(analytical * 0.01));
        assertThat(perFlow).isCloseTo(flow, offset(flow * 1e-6));
        // single ring: the two node boundaries each use one NIC at 40 GB/s for (p-1)/p n
        double transfer = 5.0 / 6 * (1 << 28) / 40e9 / plan.traffic().phases().get(0).protocolEfficiency();
        assertThat(analytical - plan.traffic().latencySeconds()).isCloseTo(transfer, offset(2e-9));
    }

    @Test
    void analyticalModelExposesItsPhaseArithmetic() {
        CollectivePlan plan = PLANNER.plan(CollectiveSpec.of(CollectiveKind.ALL_TO_ALL, ALL, 1 << 24));
        AnalyticalNetworkModel model = new AnalyticalNetworkModel(new Simulation(1), FABRIC);
        assertThat(model.seconds(plan.traffic())).isCloseTo(plan.predictedSeconds(), offset(1e-12));
    }
}

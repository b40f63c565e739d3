package org.clustersim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.clustersim.engine.Simulation;
import org.clustersim.network.LinkTier;
import org.clustersim.network.model.AnalyticalNetworkModel;
import org.clustersim.network.model.Fidelity;
import org.clustersim.network.model.FlowLevelNetworkModel;
import org.clustersim.network.model.ModelOptions;
import org.clustersim.topology.ClusterFabric;
import org.clustersim.topology.FabricParameters;
import org.clustersim.topology.Topologies;
import org.clustersim.topology.TopologyKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DeepSeek's EP64 dispatch and combine on its 2,048-GPU multi-plane fat tree (deepseek-v3.md A.4, A.8): 4,096 tokens
 * per GPU, hidden 7168, top-8 of 256 experts (4 per GPU), at most 4 nodes per token, balanced routing; FP8 dispatch,
 * BF16 combine. DeepEP measured 51 GB/s dispatch and 50 GB/s combine with its "RDMA bandwidth" (logical bytes of
 * (token, node) pairs, own node included, over time); the simulated figure must fall within 40-60 GB/s, and each
 * ablation must move the time the way its byte counts say.
 */
class DeepEpTest {

    static final int TOKENS = 4096;
    static final int HIDDEN = 7168;
    static final int TOP_K = 8;
    static final int EXPERTS_PER_RANK = 4;

    static FabricParameters mpft;
    static ClusterFabric fabric;
    static CollectivePlanner planner;
    static final RankGroups EP = RankGroups.range(0, 64);

    @BeforeAll
    static void build() {
        mpft = Fabrics.parameters(TopologyKind.MULTI_PLANE, 256, 8);
        fabric = Topologies.build(mpft);
        planner = new CollectivePlanner(fabric, Fabrics.TUNING);
    }

    static ExpertHistogram routing(int nodeLimit) {
        return ExpertHistogram.balanced(64, 8, EXPERTS_PER_RANK, TOKENS, TOP_K, nodeLimit);
    }

    static double flowSeconds(ClusterFabric on, MoeTraffic t) {
        return CollectiveRunner.seconds(new FlowLevelNetworkModel(new Simulation(1), on, true), t.plan().traffic());
    }

    @Test
    void ep64DispatchAndCombineBandwidthIsWhereDeepEpMeasuredIt() {
        for (MoeExchange exchange : new MoeExchange[] {MoeExchange.dispatch(EP, routing(4), HIDDEN),
                MoeExchange.combine(EP, routing(4), HIDDEN)}) {
            MoeTraffic t = planner.plan(exchange);
            double flow = flowSeconds(fabric, t);
            double analytical = CollectiveRunner.seconds(
                    new AnalyticalNetworkModel(new Simulation(1), fabric), t.plan().traffic());
            double bandwidth = t.logicalRdmaBytesPerRank() / flow;
            double measured = exchange.kind() == CollectiveKind.MOE_DISPATCH ? 51e9 : 50e9;
            System.out.printf("EP64 %-12s %.1f us (analytical %.1f us): DeepEP RDMA bandwidth %.1f GB/s (DeepEP "
                            + "measured %.0f, %+.1f%%), NVL %.1f GB/s; per rank %.1f MB logical, %.1f MB over IB, "
                            + "%.1f MB over NVLink%n", exchange.kind().spelling(), flow * 1e6, analytical * 1e6,
                    bandwidth / 1e9, measured / 1e9, 100 * (bandwidth - measured) / measured,
                    t.receivedBytesPerRank() / flow / 1e9, t.logicalRdmaBytesPerRank() / 1e6,
                    t.ibBytesPerRank() / 1e6, t.nvlinkBytesPerRank() / 1e6);
            assertThat(bandwidth).isBetween(40e9, 60e9);
            assertThat(flow).isCloseTo(analytical, offset(0.01 * analytical));
            // own-node pairs never cross a NIC: logical bytes = IB bytes x N / (N - 1) under balanced routing
            assertThat(t.logicalRdmaBytesPerRank()).isCloseTo(t.ibBytesPerRank() * 8 / 7,
                    offset(1e-6 * t.ibBytesPerRank()));
        }
    }

    @Test
    void ablationsMoveTheTimeTheWayTheByteCountsPredict() {
        MoeTraffic base = planner.plan(MoeExchange.dispatch(EP, routing(4), HIDDEN));
        double baseSeconds = flowSeconds(fabric, base);
        double transfer = baseSeconds - base.plan().traffic().latencySeconds();

        MoeTraffic m8 = planner.plan(MoeExchange.dispatch(EP, routing(8), HIDDEN));
        ablation("node limit M = 8", base, baseSeconds, m8, flowSeconds(fabric, m8));

        MoeTraffic noDedup = planner.plan(MoeExchange.dispatch(EP, routing(4), HIDDEN).withDeduplicate(false));
        ablation("no per-node dedup", base, baseSeconds, noDedup, flowSeconds(fabric, noDedup));

        // 4:1 leaves: an EP group of 8 consecutive nodes puts 8 GPUs on one leaf of each plane, so no byte crosses the
        // oversubscribed uplinks and the time does not move
        ClusterFabric oversubscribed = Topologies.build(mpft.withOversubscription(4));
        MoeTraffic onOversubscribed = new CollectivePlanner(oversubscribed, Fabrics.TUNING)
                .plan(MoeExchange.dispatch(EP, routing(4), HIDDEN));
        FlowLevelNetworkModel withStats = new FlowLevelNetworkModel(new Simulation(1), oversubscribed, true,
                ModelOptions.DEFAULT.withStatistics(true));
        double oversubscribedSeconds = CollectiveRunner.seconds(withStats, onOversubscribed.plan().traffic());
        double uplinkBytes = withStats.statistics().bytesOnTier(LinkTier.LEAF_SPINE, withStats.simulation().nowNs());
        System.out.printf("%-28s %.1f us vs %.1f us (%.4f x); bytes over leaf uplinks: %.0f%n",
                "4:1 leaves, EP contiguous", oversubscribedSeconds * 1e6, baseSeconds * 1e6,
                oversubscribedSeconds / baseSeconds, uplinkBytes);
        assertThat(uplinkBytes).isZero();
        assertThat(oversubscribedSeconds).isCloseTo(baseSeconds, offset(1e-9));
        assertThat(transfer).isPositive();
    }

    private static void ablation(String name, MoeTraffic base, double baseSeconds, MoeTraffic variant,
            double variantSeconds) {
        double predicted = variant.ibBytesPerRank() / base.ibBytesPerRank();
        double latency = base.plan().traffic().latencySeconds();
        double ratio = (variantSeconds - latency) / (baseSeconds - latency);
        System.out.printf("%-28s %.1f us vs %.1f us: %.4f x; IB bytes per rank %.1f MB vs %.1f MB: %.4f x; DeepEP "
                        + "bandwidth %.1f GB/s%n", name, variantSeconds * 1e6, baseSeconds * 1e6, ratio,
                variant.ibBytesPerRank() / 1e6, base.ibBytesPerRank() / 1e6, predicted,
                variant.logicalRdmaBytesPerRank() / variantSeconds / 1e9);
        assertThat(predicted).isGreaterThan(1.2);
        assertThat(ratio).isCloseTo(predicted, offset(0.02 * predicted));
    }

    /**
     * All 32 EP groups at once, each spread over 8 nodes 32 apart (so its traffic crosses leaves): on 4:1 leaves the
     * uplinks, not the NICs, carry the bottleneck bytes, and the flow-level time follows the uplink byte count.
     */
    @Test
    void spreadGroupsOnOversubscribedLeavesSlowDownByTheirUplinkBytes() {
        int[][] groups = new int[32][64];
        for (int g = 0; g < 32; g++) {
            for (int k = 0; k < 8; k++) {
                for (int j = 0; j < 8; j++) {
                    groups[g][k * 8 + j] = (g + 32 * k) * 8 + j;
                }
            }
        }
        RankGroups spread = RankGroups.of(groups);
        double[] seconds = new double[2];
        double[] bound = new double[2];
        int i = 0;
        for (double oversubscription : new double[] {1, 4}) {
            ClusterFabric f = Topologies.build(mpft.withOversubscription(oversubscription));
            MoeTraffic t = new CollectivePlanner(f, Fabrics.TUNING).plan(MoeExchange.dispatch(spread, routing(4),
                    HIDDEN));
            seconds[i] = flowSeconds(f, t);
            bound[i] = CollectiveRunner.seconds(new AnalyticalNetworkModel(new Simulation(1), f), t.plan().traffic());
            System.out.printf("32 x EP64 spread over leaves, %.0f:1: flow-level %.1f us, bottleneck of the byte counts "
                    + "%.1f us (%+.2f%%)%n", oversubscription, seconds[i] * 1e6, bound[i] * 1e6,
                    100 * (seconds[i] - bound[i]) / bound[i]);
            assertThat(seconds[i]).isGreaterThanOrEqualTo(bound[i] - 1e-9);
            assertThat(seconds[i]).isCloseTo(bound[i], offset(0.02 * bound[i]));
            i++;
        }
        assertThat(seconds[1]).isGreaterThan(1.5 * seconds[0]);
        assertThat(Fidelity.FLOW.spelling()).isEqualTo("flow");
    }
}

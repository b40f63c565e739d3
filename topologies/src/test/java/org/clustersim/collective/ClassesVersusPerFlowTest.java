package org.clustersim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.clustersim.engine.RandomStreams;
import org.clustersim.engine.Simulation;
import org.clustersim.network.model.FlowLevelNetworkModel;
import org.clustersim.network.model.PhaseShape;
import org.clustersim.network.model.TrafficPhase;
import org.clustersim.topology.ClusterFabric;
import org.clustersim.topology.FabricParameters;
import org.clustersim.topology.Topologies;
import org.clustersim.topology.TopologyKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flow-level with classes and per-flow agree within 1% on every collective, on fabrics up to 256 GPUs of every shape,
 * including oversubscribed leaves that split nodes (so that naive classes would not be symmetric) and a 3-level tree.
 */
class ClassesVersusPerFlowTest {

    record Shape(String name, FabricParameters parameters) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Shape> shapes() {
        return List.of(
                new Shape("fat-tree 32x8", Fabrics.parameters(TopologyKind.FAT_TREE, 32, 8)),
                // 16-port leaves at 3:1: 12 down / 4 up, so 8-GPU nodes straddle leaves
                new Shape("fat-tree 3:1 20x8", Fabrics.parameters(TopologyKind.FAT_TREE, 20, 8).withSwitchRadix(16)
                        .withOversubscription(3)),
                new Shape("multi-plane 32x8", Fabrics.parameters(TopologyKind.MULTI_PLANE, 32, 8)),
                new Shape("multi-plane 4:1 24x8", Fabrics.parameters(TopologyKind.MULTI_PLANE, 24, 8)
                        .withSwitchRadix(16).withOversubscription(4)),
                new Shape("rail-optimised 16x8", Fabrics.parameters(TopologyKind.RAIL_OPTIMIZED, 16, 8)),
                new Shape("fat-tree-3 16x4", Fabrics.parameters(TopologyKind.FAT_TREE_3, 16, 4).withSwitchRadix(8)),
                new Shape("single node 8", Fabrics.parameters(TopologyKind.SINGLE_NODE, 1, 8)));
    }

    record Case(String name, CollectivePlanner planner, CollectivePlan plan) {
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Shape shape : shapes()) {
            ClusterFabric fabric = Topologies.build(shape.parameters());
            CollectivePlanner planner = new CollectivePlanner(fabric, Fabrics.TUNING);
            int p = fabric.endpointCount();
            int g = fabric.gpusPerNode();
            int nodes = fabric.nodeCount();
            RankGroups all = RankGroups.range(0, p);
            double n = 64L << 20;
            List<CollectivePlan> plans = new ArrayList<>();
            plans.add(planner.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, all, n).withAlgorithm(Algorithm.RING)));
            if (nodes > 1) {
                plans.add(planner.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, all, n)
                        .withAlgorithm(Algorithm.TREE)));
                plans.add(planner.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, all, n)
                        .withAlgorithm(Algorithm.HIERARCHICAL)));
            }
            plans.add(planner.plan(CollectiveSpec.of(CollectiveKind.ALL_GATHER, all, n)));
            plans.add(planner.plan(CollectiveSpec.of(CollectiveKind.REDUCE_SCATTER, all, n)));
            plans.add(planner.plan(new CollectiveSpec(CollectiveKind.BROADCAST, all, n, null, 3)));
            plans.add(planner.plan(CollectiveSpec.of(CollectiveKind.ALL_TO_ALL, all, n)));
            // every data-parallel (rail) group's all-reduce at once
            int[][] rails = new int[g][nodes];
            for (int j = 0; j < g; j++) {
                for (int k = 0; k < nodes; k++) {
                    rails[j][k] = k * g + j;
                }
            }
            if (nodes > 1) {
                plans.add(planner.plan(CollectiveSpec.of(CollectiveKind.ALL_REDUCE, RankGroups.of(rails), n)));
                // pipeline send/recv between the two halves of the cluster
                int half = p / 2;
                int[][] pairs = new int[half][];
                for (int r = 0; r < half; r++) {
                    pairs[r] = new int[] {r, r + half};
                }
                plans.add(planner.plan(CollectiveSpec.of(CollectiveKind.SEND_RECV, RankGroups.of(pairs), n)));
                // a context-parallel group: the same GPU of 4 consecutive nodes
                int[] cp = new int[Math.min(4, nodes)];
                for (int k = 0; k < cp.length; k++) {
                    cp[k] = k * g + 1;
                }
                plans.add(planner.plan(CollectiveSpec.of(CollectiveKind.KV_RING_EXCHANGE, RankGroups.of(cp), n)));
            }
            plans.add(planner.plan(CollectiveSpec.of(CollectiveKind.KV_ALL_GATHER, RankGroups.range(0, g), n)));
            // MoE: expert-parallel groups of up to 8 nodes, all groups at once, balanced and sampled routing
            int epNodes = Math.min(8, nodes);
            int ep = epNodes * g;
            RankGroups epGroups = RankGroups.consecutive(p - p % ep, ep);
            ExpertHistogram balanced = ExpertHistogram.balanced(ep, g, 4, 512, 8, Math.min(4, epNodes));
            ExpertHistogram sampled = ExpertHistogram.sampled(ep, g, 4, 256, 8, Math.min(4, epNodes),
                    new RandomStreams(5).stream("expert-load"));
            plans.add(planner.plan(MoeExchange.dispatch(epGroups, balanced, 7168)).plan());
            plans.add(planner.plan(MoeExchange.combine(epGroups, balanced, 7168)).plan());
            plans.add(planner.plan(MoeExchange.dispatch(RankGroups.range(0, ep), sampled, 7168)).plan());
            plans.add(planner.plan(MoeExchange.dispatch(epGroups, balanced, 7168).withDeduplicate(false)).plan());
            for (CollectivePlan plan : plans) {
                out.add(Arguments.of(shape.name(), new Case(plan.traffic().label(), planner, plan)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void classesAgreeWithPerFlow(String fabricName, Case c) {
        ClusterFabric fabric = (ClusterFabric) c.planner().fabric();
        FlowLevelNetworkModel classes = new FlowLevelNetworkModel(new Simulation(1), fabric, true);
        FlowLevelNetworkModel perFlow = new FlowLevelNetworkModel(new Simulation(1), fabric, false);
        double withClasses = CollectiveRunner.seconds(classes, c.plan().traffic());
        double flows = CollectiveRunner.seconds(perFlow, c.plan().traffic());
        int variables = 0;
        long flowCount = 0;
        for (TrafficPhase phase : c.plan().traffic().phases()) {
            PhaseShape shape = phase.shape();
            variables = Math.max(variables, classes.variablesOf(shape));
            flowCount = Math.max(flowCount, shape.flowCount());
        }
        double error = (withClasses - flows) / flows;
        System.out.printf("%-22s %-62s %6d flows in %3d classes: classes %10.2f us, per-flow %10.2f us (%+.2e)%n",
                fabricName, c.name(), flowCount, variables, withClasses * 1e6, flows * 1e6, error);
        assertThat(withClasses).isCloseTo(flows, offset(0.01 * flows));
    }
}

package org.clustersim.topology;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clustersim.error.UserError;
import org.junit.jupiter.api.Test;

class TopologyParameterErrorTest {

    static void assertRejected(FabricParameters p, String parameter, String... messageParts) {
        assertThatThrownBy(() -> Topologies.build(p)).isInstanceOf(TopologyParameterError.class)
                .isInstanceOf(UserError.class)
                .hasMessageContainingAll(messageParts.length == 0 ? new String[] {""} : messageParts)
                .satisfies(e -> {
                    TopologyParameterError error = (TopologyParameterError) e;
                    org.assertj.core.api.Assertions.assertThat(error.parameter()).isEqualTo(parameter);
                    org.assertj.core.api.Assertions.assertThat(error.hint()).isNotBlank();
                });
    }

    @Test
    void radixTooSmallForTheEndpoints() {
        // 64-port leaves at 1:1 take 32 endpoints and 64 of them fill the spines: 2,048 endpoints at most
        assertRejected(Hardware.parameters(TopologyKind.FAT_TREE, 257, 8), "switchRadix", "at most 2,048 endpoints",
                "2,056 GPUs");
        assertRejected(Hardware.parameters(TopologyKind.MULTI_PLANE, 2_049, 8), "switchRadix", "16,384");
        assertRejected(Hardware.parameters(TopologyKind.FAT_TREE_3, 8_193, 8), "switchRadix", "65,536");
        assertRejected(Hardware.parameters(TopologyKind.RAIL_OPTIMIZED, 257, 8), "switchRadix", "2,048");
        assertRejected(Hardware.parameters(TopologyKind.FAT_TREE, 32, 8).withSwitchRadix(8), "switchRadix",
                "8-port");
    }

    @Test
    void oversubscriptionBelowOne() {
        assertRejected(Hardware.parameters(TopologyKind.FAT_TREE, 16, 8).withOversubscription(0.5),
                "oversubscription", "0.5", "below 1");
        assertRejected(Hardware.parameters(TopologyKind.FAT_TREE_3, 16, 8).withOversubscription(Double.NaN),
                "oversubscription", "below 1");
    }

    @Test
    void planesNotDividingTheGpusOfANode() {
        assertRejected(Hardware.parameters(TopologyKind.MULTI_PLANE, 16, 8).withPlanes(3), "planes",
                "3 planes do not divide the 8 GPUs");
        assertRejected(Hardware.parameters(TopologyKind.MULTI_PLANE, 16, 8).withPlanes(0), "planes");
    }

    @Test
    void otherImpossibleShapes() {
        assertRejected(Hardware.parameters(TopologyKind.SINGLE_NODE, 2, 8), "nodes", "holds one node");
        assertRejected(Hardware.parameters(TopologyKind.FAT_TREE_3, 256, 8).withPodNodes(200), "podNodes",
                "pod of 200 nodes");
        assertRejected(Hardware.parameters(TopologyKind.FAT_TREE, 4, 8).withSwitchRadix(1), "switchRadix");
        FabricParameters fewNics = FabricParameters.forCluster(new org.clustersim.hardware.ClusterConfig(Hardware.H800,
                Hardware.node(4), 4, 8), TopologyKind.FAT_TREE);
        assertRejected(fewNics, "nicsPerNode", "4 NICs for 8 GPUs");
    }
}

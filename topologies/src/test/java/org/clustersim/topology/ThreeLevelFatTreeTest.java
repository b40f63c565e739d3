package org.clustersim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * 32 nodes x 2 GPUs on 8-port switches at 1:1: a pod holds 4 leaves of 4 endpoints (8 nodes), so 4 pods; each pod has
 * 4 spines (one link from every leaf), each spine 4 up-links; 4 pods x 4 up-links need 2 cores per spine group, 2
 * parallel links from each spine to each core of its group: 8 cores.
 */
class ThreeLevelFatTreeTest extends FabricContractTest {

    @Override
    FabricParameters parameters() {
        return Hardware.parameters(TopologyKind.FAT_TREE_3, 32, 2).withSwitchRadix(8);
    }

    /** Pods 0-1 hold the first half: (E/2) x NIC, every tier non-blocking. */
    @Override
    double closedFormBisectionBytesPerSecond() {
        return 32 * Hardware.NIC;
    }

    @Override
    int expectedHops(ClusterFabric fabric, int src, int dst) {
        if (src / 2 == dst / 2) {
            return 2;
        }
        if (src / 4 == dst / 4) {
            return 4;
        }
        return src / 16 == dst / 16 ? 6 : 8;
    }

    /** Same pod: 4 spines. Across pods: 4 spines x 4 core up-links x 2 parallel links down to the pod's spine. */
    @Override
    long expectedPaths(ClusterFabric fabric, int src, int dst) {
        if (src / 4 == dst / 4) {
            return 1;
        }
        return src / 16 == dst / 16 ? 4 : 4 * 4 * 2;
    }

    @Test
    void shape() {
        BillOfMaterials bom = fabric().billOfMaterials();
        assertThat(bom.leafSwitches()).isEqualTo(16);
        assertThat(bom.spineSwitches()).isEqualTo(16);
        assertThat(bom.coreSwitches()).isEqualTo(8);
        assertThat(bom.leafSpineLinks()).isEqualTo(64);
        assertThat(bom.spineCoreLinks()).isEqualTo(64);
        assertThat(fabric().oversubscription()).containsExactly(new TierOversubscription(SwitchTier.LEAF, 4, 4),
                new TierOversubscription(SwitchTier.SPINE, 4, 4));
    }

    @Test
    void podNodesSetsThePodSize() {
        ClusterFabric f = Topologies.build(parameters().withPodNodes(4));
        // 8 pods of 4 nodes: 2 leaves per pod
        assertThat(f.billOfMaterials().leafSwitches()).isEqualTo(16);
        assertThat(f.podOfLeaf(f.leafOf(8 * 2))).isEqualTo(2);
        assertThat(f.route(0, 8).stageCount()).isEqualTo(8);
    }
}

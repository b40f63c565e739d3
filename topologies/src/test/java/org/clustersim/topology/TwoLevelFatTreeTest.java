package org.clustersim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * 8 nodes x 2 GPUs on 8-port switches at 1:1: leaves have 4 down and 4 up ports, so 16 endpoints fill 4 leaves; 16
 * up-links need 2 spines of 8 ports, each leaf reaching each spine over 2 parallel links.
 */
class TwoLevelFatTreeTest extends FabricContractTest {

    static final int DOWN = 4;

    @Override
    FabricParameters parameters() {
        return Hardware.parameters(TopologyKind.FAT_TREE, 8, 2).withSwitchRadix(8);
    }

    /** Leaves 0-1 hold the first 4 nodes: 8 endpoints send at 50 GB/s through 8 up-links of 50 GB/s. */
    @Override
    double closedFormBisectionBytesPerSecond() {
        return 8 * Hardware.NIC;
    }

    @Override
    int expectedHops(ClusterFabric fabric, int src, int dst) {
        if (src / 2 == dst / 2) {
            return 2;
        }
        return src / DOWN == dst / DOWN ? 4 : 6;
    }

    /** Across leaves: 2 spines x 2 parallel links up x 2 parallel links down. */
    @Override
    long expectedPaths(ClusterFabric fabric, int src, int dst) {
        return src / DOWN == dst / DOWN ? 1 : 2 * 2 * 2;
    }

    @Test
    void shape() {
        ClusterFabric f = fabric();
        assertThat(f.billOfMaterials().leafSwitches()).isEqualTo(4);
        assertThat(f.billOfMaterials().spineSwitches()).isEqualTo(2);
        assertThat(f.billOfMaterials().leafSpineLinks()).isEqualTo(16);
        assertThat(f.oversubscription()).containsExactly(new TierOversubscription(SwitchTier.LEAF, 4, 4));
    }

    @Test
    void aLoneLeafNeedsNoSpine() {
        ClusterFabric f = Topologies.build(Hardware.parameters(TopologyKind.FAT_TREE, 2, 8));
        assertThat(f.billOfMaterials().switches()).isEqualTo(1);
        assertThat(f.route(0, 8).stageCount()).isEqualTo(4);
        assertThat(f.oversubscription().get(0).ratio()).isInfinite();
    }
}

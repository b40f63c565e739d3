package org.clustersim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * 48 nodes x 2 GPUs on 8-port switches, leaves at 3:1 (6 down, 2 up): a pod holds 4 leaves (12 nodes), so 4 pods;
 * 8 leaf up-links per pod need 2 spines of 4 down and 4 up ports; 2 cores per spine group.
 */
class OversubscribedThreeLevelFatTreeTest extends FabricContractTest {

    @Override
    FabricParameters parameters() {
        return Hardware.parameters(TopologyKind.FAT_TREE_3, 48, 2).withSwitchRadix(8).withOversubscription(3);
    }

    /** The leaves bind: (E/2) x NIC / 3. */
    @Override
    double closedFormBisectionBytesPerSecond() {
        return 48 * Hardware.NIC / 3;
    }

    @Override
    int expectedHops(ClusterFabric fabric, int src, int dst) {
        if (src / 2 == dst / 2) {
            return 2;
        }
        if (src / 6 == dst / 6) {
            return 4;
        }
        return src / 24 == dst / 24 ? 6 : 8;
    }

    /** Same pod: 2 spines. Across pods: 2 spines x 4 core up-links x 2 parallel links down. */
    @Override
    long expectedPaths(ClusterFabric fabric, int src, int dst) {
        if (src / 6 == dst / 6) {
            return 1;
        }
        return src / 24 == dst / 24 ? 2 : 2 * 4 * 2;
    }

    @Test
    void onlyTheLeafTierIsOversubscribed() {
        assertThat(fabric().oversubscription()).containsExactly(new TierOversubscription(SwitchTier.LEAF, 6, 2),
                new TierOversubscription(SwitchTier.SPINE, 4, 4));
    }
}

package org.clustersim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * 12 nodes x 2 GPUs on 8-port switches at 3:1: leaves have 6 down and 2 up ports, 24 endpoints fill 4 leaves, whose 8
 * up-links fit one spine, 2 parallel links per leaf.
 */
class OversubscribedTwoLevelFatTreeTest extends FabricContractTest {

    @Override
    FabricParameters parameters() {
        return Hardware.parameters(TopologyKind.FAT_TREE, 12, 2).withSwitchRadix(8).withOversubscription(3);
    }

    /** 12 endpoints on 2 leaves leave through 4 up-links: (E/2) x NIC / 3. */
    @Override
    double closedFormBisectionBytesPerSecond() {
        return 12 * Hardware.NIC / 3;
    }

    @Override
    int expectedHops(ClusterFabric fabric, int src, int dst) {
        if (src / 2 == dst / 2) {
            return 2;
        }
        return src / 6 == dst / 6 ? 4 : 6;
    }

    @Override
    long expectedPaths(ClusterFabric fabric, int src, int dst) {
        return src / 6 == dst / 6 ? 1 : 2 * 2;
    }

    @Test
    void leafTierIsThreeToOne() {
        assertThat(fabric().oversubscription()).containsExactly(new TierOversubscription(SwitchTier.LEAF, 6, 2));
        assertThat(fabric().oversubscription().get(0).ratio()).isEqualTo(3.0);
        assertThat(fabric().billOfMaterials().spineSwitches()).isEqualTo(1);
    }
}

package org.clustersim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * 8 nodes x 2 GPUs (2 rails) on 8-port switches at 1:1: each rail needs 2 leaves of 4 nodes; the 4 leaves share 2
 * spines over 2 parallel links each.
 */
class RailOptimizedFatTreeTest extends FabricContractTest {

    @Override
    FabricParameters parameters() {
        return Hardware.parameters(TopologyKind.RAIL_OPTIMIZED, 8, 2).withSwitchRadix(8);
    }

    /** Nodes 0-3 sit on leaf 0 of each rail: 8 endpoints, 8 up-links. */
    @Override
    double closedFormBisectionBytesPerSecond() {
        return 8 * Hardware.NIC;
    }

    static int leaf(int rank) {
        return (rank % 2) * 2 + (rank / 2) / 4;
    }

    @Override
    int expectedHops(ClusterFabric fabric, int src, int dst) {
        if (src / 2 == dst / 2) {
            return 2;
        }
        return leaf(src) == leaf(dst) ? 4 : 6;
    }

    @Override
    long expectedPaths(ClusterFabric fabric, int src, int dst) {
        return src / 2 == dst / 2 || leaf(src) == leaf(dst) ? 1 : 2 * 2 * 2;
    }

    /** Across rails, relaying over NVLink to the destination's rail is as short as the spine path; routing skips it. */
    @Override
    boolean routedPathsAreAllShortestPaths(ClusterFabric fabric, int src, int dst) {
        return src / 2 != dst / 2 && src % 2 == dst % 2;
    }

    @Test
    void gpuIOfEveryNodeIsOnRailI() {
        ClusterFabric f = fabric();
        for (int rank = 0; rank < f.endpointCount(); rank++) {
            assertThat(f.leafOf(rank)).isEqualTo(leaf(rank));
        }
    }
}

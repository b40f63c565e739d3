package org.clustersim.topology;

/**
 * 6 nodes x 2 GPUs on 8-port switches at 3:1: all 6 nodes fit one leaf per rail, so the two halves of the nodes meet
 * inside each rail's leaf and the bisection is NIC-bound, (E/2) x NIC, whatever the leaves' oversubscription.
 */
class SingleLeafRailsTest extends FabricContractTest {

    @Override
    FabricParameters parameters() {
        return Hardware.parameters(TopologyKind.RAIL_OPTIMIZED, 6, 2).withSwitchRadix(8).withOversubscription(3);
    }

    @Override
    double closedFormBisectionBytesPerSecond() {
        return 6 * Hardware.NIC;
    }

    @Override
    int expectedHops(ClusterFabric fabric, int src, int dst) {
        if (src / 2 == dst / 2) {
            return 2;
        }
        return src % 2 == dst % 2 ? 4 : 6;
    }

    /** Across rails: one spine, 2 parallel links up and 2 down. */
    @Override
    long expectedPaths(ClusterFabric fabric, int src, int dst) {
        return src / 2 == dst / 2 || src % 2 == dst % 2 ? 1 : 2 * 2;
    }

    @Override
    boolean routedPathsAreAllShortestPaths(ClusterFabric fabric, int src, int dst) {
        return src / 2 != dst / 2 && src % 2 == dst % 2;
    }
}

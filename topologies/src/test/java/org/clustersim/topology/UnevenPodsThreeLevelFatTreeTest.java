package org.clustersim.topology;

/**
 * 20 nodes x 2 GPUs on 8-port switches: pods hold at most 8 nodes, so 3 pods of 7, 7 and 6 nodes (balanced); the last
 * pod has a leaf fewer and a half-empty leaf. ECMP must still conserve flow and the fast bisection must still match
 * max-flow on the full graph. The halves do not fall on pod boundaries, so there is no closed form.
 */
class UnevenPodsThreeLevelFatTreeTest extends FabricContractTest {

    static final int POD_ENDPOINTS = 14;

    @Override
    FabricParameters parameters() {
        return Hardware.parameters(TopologyKind.FAT_TREE_3, 20, 2).withSwitchRadix(8);
    }

    @Override
    double closedFormBisectionBytesPerSecond() {
        return Double.NaN;
    }

    @Override
    int expectedHops(ClusterFabric fabric, int src, int dst) {
        if (src / 2 == dst / 2) {
            return 2;
        }
        int podA = src / POD_ENDPOINTS;
        int podB = dst / POD_ENDPOINTS;
        if (podA != podB) {
            return 8;
        }
        return (src % POD_ENDPOINTS) / 4 == (dst % POD_ENDPOINTS) / 4 ? 4 : 6;
    }

    @Override
    long expectedPaths(ClusterFabric fabric, int src, int dst) {
        return switch (expectedHops(fabric, src, dst)) {
            case 8 -> 4 * 4 * 2;
            case 6 -> 4;
            default -> 1;
        };
    }
}

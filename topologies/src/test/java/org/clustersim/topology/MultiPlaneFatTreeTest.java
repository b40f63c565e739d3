package org.clustersim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.clustersim.network.LinkTier;
import org.clustersim.network.Route;
import org.junit.jupiter.api.Test;

/**
 * 8 nodes x 4 GPUs, 4 planes of 8-port switches at 1:1: each plane holds 8 endpoints on 2 leaves under 1 spine, 4
 * parallel links per leaf.
 */
class MultiPlaneFatTreeTest extends FabricContractTest {

    @Override
    FabricParameters parameters() {
        return Hardware.parameters(TopologyKind.MULTI_PLANE, 8, 4).withSwitchRadix(8);
    }

    /** Each plane's first leaf holds nodes 0-3: 4 planes x 4 up-links. */
    @Override
    double closedFormBisectionBytesPerSecond() {
        return 16 * Hardware.NIC;
    }

    @Override
    int expectedHops(ClusterFabric fabric, int src, int dst) {
        int srcNode = src / 4;
        int dstNode = dst / 4;
        if (srcNode == dstNode) {
            return 2;
        }
        int relay = src % 4 == dst % 4 ? 0 : 2;
        return relay + (srcNode / 4 == dstNode / 4 ? 4 : 6);
    }

    /** Across leaves of a plane: 1 spine, 4 parallel links up and 4 down. */
    @Override
    long expectedPaths(ClusterFabric fabric, int src, int dst) {
        return src / 4 != dst / 4 && (src / 4) / 4 != (dst / 4) / 4 ? 4 * 4 : 1;
    }

    /** Across planes, relaying in the destination node is as short as relaying in the source node; routing skips it. */
    @Override
    boolean routedPathsAreAllShortestPaths(ClusterFabric fabric, int src, int dst) {
        return src / 4 != dst / 4 && src % 4 == dst % 4;
    }

    @Test
    void gpuIOfEveryNodeIsOnPlaneIAndCrossPlaneTrafficCrossesNvlinkInTheSourceNodeFirst() {
        ClusterFabric f = fabric();
        for (int rank = 0; rank < f.endpointCount(); rank++) {
            assertThat(f.planeOf(rank)).isEqualTo(rank % 4);
            assertThat(f.vertexPlane(f.leafVertex(f.leafOf(rank)))).isEqualTo(rank % 4);
        }
        // rank 1 (node 0, plane 1) to rank 30 (node 7, plane 2): NVLink to rank 2, then plane 2
        Route route = f.route(1, 30);
        assertThat(f.tier(route.link(0, 0))).isEqualTo(LinkTier.NVLINK);
        assertThat(f.linkTarget(route.link(1, 0))).isEqualTo(f.endpointVertex(2));
        assertThat(f.linkSource(route.link(2, 0))).isEqualTo(f.endpointVertex(2));
        for (int s = 2; s < route.stageCount(); s++) {
            for (int j = 0; j < route.width(s); j++) {
                int v = f.linkTarget(route.link(s, j));
                VertexKind kind = f.vertexKind(v);
                if (kind == VertexKind.LEAF || kind == VertexKind.SPINE) {
                    assertThat(f.vertexPlane(v)).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void planesThatGroupSeveralGpusOfANodeRelayToTheGpuWithTheDestinationsLocalIndex() {
        ClusterFabric f = Topologies.build(parameters().withPlanes(2));
        // rank 0 (plane 0) to rank 7 (node 1, local 3, plane 1): relay through rank 3 of node 0
        Route route = f.route(0, 7);
        assertThat(f.linkTarget(route.link(1, 0))).isEqualTo(f.endpointVertex(3));
        FabricContractTest.assertConservesFlow(f, route, 0, 7);
        assertThat(f.billOfMaterials().leafSwitches()).isEqualTo(2 * 4);
    }
}

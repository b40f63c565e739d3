package org.clustersim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SingleNodeTopologyTest extends FabricContractTest {

    @Override
    FabricParameters parameters() {
        return Hardware.parameters(TopologyKind.SINGLE_NODE, 1, 8);
    }

    /** Four GPUs send to the other four, each through its own 200 GB/s NVLink port. */
    @Override
    double closedFormBisectionBytesPerSecond() {
        return 4 * Hardware.NVLINK;
    }

    @Override
    int expectedHops(ClusterFabric fabric, int src, int dst) {
        return 2;
    }

    @Override
    long expectedPaths(ClusterFabric fabric, int src, int dst) {
        return 1;
    }

    @Override
    boolean routedPathsAreAllShortestPaths(ClusterFabric fabric, int src, int dst) {
        return true;
    }

    @Test
    void hasNoScaleOutFabric() {
        BillOfMaterials bom = fabric().billOfMaterials();
        assertThat(bom.switches()).isZero();
        assertThat(bom.switchLinks()).isZero();
        assertThat(bom.nicLinks()).isZero();
        assertThat(bom.nics()).isEqualTo(8);
    }
}

package org.clustersim.topology;

import org.clustersim.hardware.ClusterConfig;
import org.clustersim.hardware.GpuType;
import org.clustersim.hardware.NodeType;

/** The hardware the tests build fabrics for: H800 in HGX nodes, as in the catalog (deepseek-v3.md A.4). */
final class Hardware {

    static final double NVLINK = 200e9;
    static final double NIC = 50e9;
    static final double NIC_LATENCY = 2.8e-6;
    static final double NVLINK_LATENCY = 3.33e-6;
    static final double SWITCH_LATENCY = 0.45e-6;

    static final GpuType H800 = new GpuType("H800", "NVIDIA H800 SXM5", 989.4e12, 1978.9e12, 80 * Math.pow(2, 30),
            3.35e12, NVLINK, 0.8, 700, 132);

    static NodeType node(int nics) {
        return new NodeType("hgx", nics, NIC, 0.8, NIC_LATENCY, NVLINK_LATENCY, 4600);
    }

    static FabricParameters parameters(TopologyKind kind, int nodes, int gpusPerNode) {
        return FabricParameters.forCluster(new ClusterConfig(H800, node(gpusPerNode), nodes, gpusPerNode), kind);
    }

    private Hardware() {
    }
}

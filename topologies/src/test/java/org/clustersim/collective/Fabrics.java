package org.clustersim.collective;

import org.clustersim.engine.Simulation;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.hardware.GpuType;
import org.clustersim.hardware.NodeType;
import org.clustersim.network.model.Fidelity;
import org.clustersim.network.model.NetworkModel;
import org.clustersim.network.model.NetworkModels;
import org.clustersim.topology.ClusterFabric;
import org.clustersim.topology.FabricParameters;
import org.clustersim.topology.Topologies;
import org.clustersim.topology.TopologyKind;

/** Real fabrics for collective tests: DeepSeek's H800 hardware (deepseek-v3.md A.4) on the topologies builders. */
final class Fabrics {

    /** NVLink 200 GB/s per direction, 160 achievable; 400 Gb/s CX7 NICs, 40 of 50 GB/s achievable (A.4). */
    static final GpuType H800 = new GpuType("H800", "NVIDIA H800 SXM5", 989.4e12, 1978.9e12, 80 * Math.pow(2, 30),
            3.35e12, 200e9, 0.8, 700, 132);
    static final double NVLINK = 160e9;
    static final double NIC = 40e9;
    static final NcclTuningModel TUNING = new NcclTuningModel(GpuGeneration.HOPPER, 16);

    static NodeType node(int nics) {
        return new NodeType("hgx", nics, 50e9, 0.8, 2.8e-6, 3.33e-6, 4600);
    }

    static FabricParameters parameters(TopologyKind kind, int nodes, int gpusPerNode) {
        return FabricParameters.forCluster(new ClusterConfig(H800, node(gpusPerNode), nodes, gpusPerNode), kind);
    }

    static ClusterFabric build(TopologyKind kind, int nodes, int gpusPerNode) {
        return Topologies.build(parameters(kind, nodes, gpusPerNode));
    }

    static NetworkModel model(Fidelity fidelity, ClusterFabric fabric) {
        return NetworkModels.create(fidelity, new Simulation(1), fabric);
    }

    static double run(Fidelity fidelity, ClusterFabric fabric, CollectivePlan plan) {
        return CollectiveRunner.seconds(model(fidelity, fabric), plan.traffic());
    }

    private Fabrics() {
    }
}

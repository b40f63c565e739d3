package org.clustersim.topology;

import java.util.List;

/** One node: its GPUs on one NVSwitch, one NIC per GPU attached to nothing (no scale-out fabric). */
public final class SingleNodeTopology implements TopologyBuilder {

    @Override
    public ClusterFabric build(FabricParameters p) {
        p.validateCommon();
        if (p.nodes() != 1) {
            throw new TopologyParameterError("nodes", Integer.toString(p.nodes()),
                    "topology single-node holds one node, but the cluster has " + p.nodes(),
                    "set cluster.nodes: 1, or choose a fabric: topology: fat-tree (or fat-tree-3, rail-optimized, "
                            + "multi-plane)");
        }
        FabricAssembler a = new FabricAssembler(p);
        return a.build(String.format("single node: %d GPUs on NVSwitch, no scale-out fabric", p.gpusPerNode()),
                List.of());
    }
}

package org.clustersim.topology;

import java.util.List;
import org.clustersim.topology.FatTreeWiring.LeafPorts;

/**
 * Rail-optimised 2-level fat tree: GPU i of every node (with its NIC) connects to the leaves of rail i, enough leaves
 * per rail for all nodes; spines are shared by all rails. GPUs on different rails of different nodes talk through a
 * spine (relaying over NVLink first, NCCL's PXN, is a collective-algorithm choice, not the fabric's routing).
 */
public final class RailOptimizedFatTree implements TopologyBuilder {

    @Override
    public ClusterFabric build(FabricParameters p) {
        p.validateCommon();
        LeafPorts ports = FatTreeWiring.leafPorts(p);
        int leavesPerRail = FatTreeWiring.ceilDiv(p.nodes(), ports.down());
        int rails = p.gpusPerNode();
        if ((long) leavesPerRail * rails > p.switchRadix()) {
            throw FatTreeWiring.tooManyEndpoints(p, "rail-optimised fat tree with " + rails + " rails",
                    (long) (p.switchRadix() / rails) * ports.down() * rails,
                    "use topology: multi-plane or fat-tree-3, a larger switchRadix, or fewer nodes");
        }
        FabricAssembler a = new FabricAssembler(p);
        int[] leafIds = new int[leavesPerRail * rails];
        for (int i = 0; i < leafIds.length; i++) {
            leafIds[i] = a.addLeaf(0, 0);
        }
        a.attachNics(rank -> {
            int rail = rank % p.gpusPerNode();
            int node = rank / p.gpusPerNode();
            return leafIds[rail * leavesPerRail + node / ports.down()];
        });
        int spines = FatTreeWiring.wireLeavesToSpines(a, leafIds, 0, 0, ports, p.switchRadix());
        String description = String.format("rail-optimised fat tree: %d rails x %d leaves + %d shared spines of %d "
                + "ports, leaves %d down / %d up", rails, leavesPerRail, spines, p.switchRadix(), ports.down(),
                ports.up());
        return a.build(description, List.of(new TierOversubscription(SwitchTier.LEAF, ports.down(),
                spines == 0 ? 0 : ports.up())));
    }
}

package org.clustersim.topology;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.topology.FatTreeWiring.LeafPorts;

/**
 * Leaf/spine fat tree. Endpoints fill leaves in rank order (a leaf's down ports take whole nodes when they divide).
 * At full size with k-port switches at 1:1 it has k leaves, k/2 spines and k^2/2 endpoints: 64 ports give ISCA'25
 * Table 3's FT2 row, 2,048 endpoints on 96 switches.
 */
public final class TwoLevelFatTree implements TopologyBuilder {

    /** Most endpoints a 2-level fat tree of these switches holds: radix leaves of their down ports each. */
    public static long maxEndpoints(FabricParameters p) {
        return (long) p.switchRadix() * FatTreeWiring.leafPorts(p).down();
    }

    @Override
    public ClusterFabric build(FabricParameters p) {
        p.validateCommon();
        LeafPorts ports = FatTreeWiring.leafPorts(p);
        int leaves = FatTreeWiring.ceilDiv(p.endpoints(), ports.down());
        if (leaves > p.switchRadix()) {
            throw FatTreeWiring.tooManyEndpoints(p, "2-level fat tree", maxEndpoints(p),
                    "use topology: fat-tree-3 or multi-plane, a larger switchRadix, or fewer nodes");
        }
        FabricAssembler a = new FabricAssembler(p);
        int[] leafIds = new int[leaves];
        for (int i = 0; i < leaves; i++) {
            leafIds[i] = a.addLeaf(0, 0);
        }
        a.attachNics(rank -> rank / ports.down());
        int spines = FatTreeWiring.wireLeavesToSpines(a, leafIds, 0, 0, ports, p.switchRadix());
        List<TierOversubscription> over = new ArrayList<>();
        over.add(new TierOversubscription(SwitchTier.LEAF, ports.down(), spines == 0 ? 0 : ports.up()));
        String description = String.format("2-level fat tree: %d leaves + %d spines of %d ports, leaves %d down / %d up",
                leaves, spines, p.switchRadix(), ports.down(), ports.up());
        return a.build(description, over);
    }
}

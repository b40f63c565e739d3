package org.clustersim.topology;

import java.util.List;
import org.clustersim.topology.FatTreeWiring.LeafPorts;

/**
 * Multi-plane 2-level fat tree as DeepSeek built it (ISCA'25 §5.1, deepseek-v3.md A.4): P independent leaf/spine
 * planes; GPU i of every node, with its NIC, sits on plane i mod P. Traffic between GPUs on different planes is first
 * forwarded inside the source node over NVLink. With 8 planes of 64-port switches it holds up to 16,384 GPUs (Table 3's
 * MPFT row); DeepSeek's 2,048 GPUs need 8 x (8 leaves + 4 spines) = 96 switches.
 */
public final class MultiPlaneFatTree implements TopologyBuilder {

    @Override
    public ClusterFabric build(FabricParameters p) {
        p.validateCommon();
        int planes = p.planes();
        if (planes < 1 || p.gpusPerNode() % planes != 0) {
            throw new TopologyParameterError("planes", Integer.toString(planes),
                    planes + " planes do not divide the " + p.gpusPerNode() + " GPUs of a node",
                    "use a number of planes that divides cluster.gpusPerNode (" + divisors(p.gpusPerNode())
                            + "); DeepSeek uses one plane per GPU-NIC pair");
        }
        int perNode = p.gpusPerNode() / planes;
        int perPlane = p.nodes() * perNode;
        LeafPorts ports = FatTreeWiring.leafPorts(p);
        int leavesPerPlane = FatTreeWiring.ceilDiv(perPlane, ports.down());
        if (leavesPerPlane > p.switchRadix()) {
            throw FatTreeWiring.tooManyEndpoints(p, planes + "-plane fat tree",
                    (long) p.switchRadix() * ports.down() * planes,
                    "use more planes, a larger switchRadix, topology: fat-tree-3, or fewer nodes");
        }
        FabricAssembler a = new FabricAssembler(p);
        int[][] leafIds = new int[planes][leavesPerPlane];
        for (int plane = 0; plane < planes; plane++) {
            for (int i = 0; i < leavesPerPlane; i++) {
                leafIds[plane][i] = a.addLeaf(plane, 0);
            }
        }
        a.attachNics(rank -> {
            int local = rank % p.gpusPerNode();
            int plane = local % planes;
            int indexInPlane = (rank / p.gpusPerNode()) * perNode + local / planes;
            return leafIds[plane][indexInPlane / ports.down()];
        });
        int spinesPerPlane = 0;
        for (int plane = 0; plane < planes; plane++) {
            spinesPerPlane = FatTreeWiring.wireLeavesToSpines(a, leafIds[plane], plane, 0, ports, p.switchRadix());
        }
        String description = String.format("multi-plane fat tree: %d planes x (%d leaves + %d spines) of %d ports, "
                + "leaves %d down / %d up", planes, leavesPerPlane, spinesPerPlane, p.switchRadix(), ports.down(),
                ports.up());
        return a.build(description, List.of(new TierOversubscription(SwitchTier.LEAF, ports.down(),
                spinesPerPlane == 0 ? 0 : ports.up())));
    }

    private static String divisors(int n) {
        StringBuilder b = new StringBuilder();
        for (int d = 1; d <= n; d++) {
            if (n % d == 0) {
                b.append(b.length() == 0 ? "" : ", ").append(d);
            }
        }
        return b.toString();
    }
}

package org.clustersim.topology;

import java.util.List;
import org.clustersim.topology.FatTreeWiring.LeafPorts;

/**
 * 3-level fat tree in pods. A pod is a leaf/spine tree whose spines use half their ports down (one group of parallel
 * links to every leaf of the pod) and half up; spine j of every pod connects to the cores of core group j. Leaves
 * carry the oversubscription; spines and cores are non-blocking. Nodes fill pods in order, pods are balanced, and a
 * pod holds at most radix/2 leaves. At full size with k-port switches at 1:1 it has k pods of k/2 leaves and k/2
 * spines and (k/2)^2 cores: 64 ports give ISCA'25 Table 3's FT3 row, 65,536 endpoints on 5,120 switches with
 * 131,072 switch-to-switch links.
 */
public final class ThreeLevelFatTree implements TopologyBuilder {

    @Override
    public ClusterFabric build(FabricParameters p) {
        p.validateCommon();
        LeafPorts ports = FatTreeWiring.leafPorts(p);
        int k = p.switchRadix();
        int g = p.gpusPerNode();
        int maxPodLeaves = k / 2;
        int podNodes;
        if (p.podNodes() > 0) {
            podNodes = Math.min(p.podNodes(), p.nodes());
            if (FatTreeWiring.ceilDiv((long) p.podNodes() * g, ports.down()) > maxPodLeaves) {
                throw new TopologyParameterError("podNodes", Integer.toString(p.podNodes()),
                        String.format("a pod of %d nodes needs %d leaves, but spines of %d ports reach at most %d",
                                p.podNodes(), FatTreeWiring.ceilDiv((long) p.podNodes() * g, ports.down()), k,
                                maxPodLeaves),
                        "use at most " + (long) maxPodLeaves * ports.down() / g + " nodes per pod, or leave podNodes "
                                + "out to size pods automatically");
            }
        } else {
            int maxPodNodes = maxPodLeaves * ports.down() / g;
            if (maxPodNodes < 1) {
                throw new TopologyParameterError("switchRadix", Integer.toString(k),
                        String.format("a pod of %d-port switches has %d leaf ports, fewer than the %d GPUs of a node",
                                k, maxPodLeaves * ports.down(), g),
                        "use a larger switchRadix");
            }
            int pods = FatTreeWiring.ceilDiv(p.nodes(), maxPodNodes);
            podNodes = FatTreeWiring.ceilDiv(p.nodes(), pods);
        }
        int pods = FatTreeWiring.ceilDiv(p.nodes(), podNodes);
        if (pods > k) {
            long fullPodNodes = p.podNodes() > 0 ? p.podNodes() : maxPodLeaves * ports.down() / g;
            long capacity = k * fullPodNodes * g;
            throw FatTreeWiring.tooManyEndpoints(p, "3-level fat tree", capacity,
                    "use a larger switchRadix or fewer nodes" + (p.podNodes() > 0 ? ", or larger pods" : ""));
        }
        int podLeaves = FatTreeWiring.ceilDiv((long) podNodes * g, ports.down());
        int spinesPerPod = FatTreeWiring.smallestDivisorAtLeast(ports.up(),
                FatTreeWiring.ceilDiv((long) podLeaves * ports.up(), maxPodLeaves));
        int spineUp = podLeaves * ports.up() / spinesPerPod;
        int coresPerGroup = pods == 1 ? 0
                : FatTreeWiring.smallestDivisorAtLeast(spineUp, FatTreeWiring.ceilDiv((long) pods * spineUp, k));

        FabricAssembler a = new FabricAssembler(p);
        int[][] leafIds = new int[pods][];
        for (int pod = 0; pod < pods; pod++) {
            int nodesInPod = Math.min(podNodes, p.nodes() - pod * podNodes);
            leafIds[pod] = new int[FatTreeWiring.ceilDiv((long) nodesInPod * g, ports.down())];
            for (int i = 0; i < leafIds[pod].length; i++) {
                leafIds[pod][i] = a.addLeaf(0, pod);
            }
        }
        final int nodesPerPod = podNodes;
        a.attachNics(rank -> {
            int node = rank / g;
            int indexInPod = (node % nodesPerPod) * g + rank % g;
            return leafIds[node / nodesPerPod][indexInPod / ports.down()];
        });
        int[][] spines = new int[pods][spinesPerPod];
        for (int pod = 0; pod < pods; pod++) {
            for (int s = 0; s < spinesPerPod; s++) {
                spines[pod][s] = a.addSpine(0, pod);
            }
            int parallel = ports.up() / spinesPerPod;
            for (int leaf : leafIds[pod]) {
                for (int spine : spines[pod]) {
                    for (int j = 0; j < parallel; j++) {
                        a.connectLeafSpine(leaf, spine);
                    }
                }
            }
        }
        if (coresPerGroup > 0) {
            int parallel = spineUp / coresPerGroup;
            for (int group = 0; group < spinesPerPod; group++) {
                for (int c = 0; c < coresPerGroup; c++) {
                    int core = a.addCore(0);
                    for (int pod = 0; pod < pods; pod++) {
                        for (int j = 0; j < parallel; j++) {
                            a.connectSpineCore(spines[pod][group], core);
                        }
                    }
                }
            }
        }
        String description = String.format("3-level fat tree: %d pods x (%d leaves + %d spines) + %d cores of %d ports,"
                + " leaves %d down / %d up", pods, podLeaves, spinesPerPod, coresPerGroup * spinesPerPod, k,
                ports.down(), ports.up());
        int spineDown = podLeaves * ports.up() / spinesPerPod;
        return a.build(description, List.of(new TierOversubscription(SwitchTier.LEAF, ports.down(), ports.up()),
                new TierOversubscription(SwitchTier.SPINE, spineDown, coresPerGroup == 0 ? 0 : spineUp)));
    }
}

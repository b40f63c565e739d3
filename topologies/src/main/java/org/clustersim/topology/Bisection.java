package org.clustersim.topology;

import org.clustersim.network.LinkTier;
import org.jgrapht.Graph;
import org.jgrapht.alg.flow.PushRelabelMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

/**
 * Bisection bandwidth by maximum flow on the switch graph. The GPUs of the first half of the nodes are sources, those
 * of the second half sinks. Whole nodes sit on one side, so NVLink never crosses the cut and the GPU-NIC-leaf chain
 * of each GPU can be folded into one arc from the source (or to the sink) at its leaf, with the smaller capacity of
 * the chain; parallel cables between two switches fold into one arc. This keeps the flow problem at switch size
 * (5,122 vertices for a 65,536-endpoint 3-level tree) and exact.
 */
final class Bisection {

    private static final int SOURCE = -1;
    private static final int SINK = -2;
    /** Flow in GB/s keeps the solver's absolute tolerance meaningful. */
    private static final double SCALE = 1e9;

    private Bisection() {
    }

    static double compute(ClusterFabric fabric) {
        int nodes = fabric.nodeCount();
        int g = fabric.gpusPerNode();
        if (nodes == 1) {
            // One node: half of the GPUs send to the other half through the NVSwitch.
            return (g / 2) * fabric.capacityBytesPerSecond(fabric.gpuToNvswitch(0));
        }
        int firstHalfEnd = (nodes / 2) * g;
        Graph<Integer, DefaultWeightedEdge> flow = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        flow.addVertex(SOURCE);
        flow.addVertex(SINK);
        for (int r = 0; r < fabric.endpointCount(); r++) {
            int leaf = fabric.leafVertex(fabric.leafOf(r));
            if (r < firstHalfEnd) {
                double cap = Math.min(fabric.capacityBytesPerSecond(fabric.gpuToNic(r)),
                        fabric.capacityBytesPerSecond(fabric.nicToLeaf(r)));
                add(flow, SOURCE, leaf, cap);
            } else {
                double cap = Math.min(fabric.capacityBytesPerSecond(fabric.leafToNic(r)),
                        fabric.capacityBytesPerSecond(fabric.nicToGpu(r)));
                add(flow, leaf, SINK, cap);
            }
        }
        for (int l = 0; l < fabric.linkCount(); l++) {
            LinkTier tier = fabric.tier(l);
            if (tier.isSwitchToSwitch()) {
                add(flow, fabric.linkSource(l), fabric.linkTarget(l), fabric.capacityBytesPerSecond(l));
            }
        }
        return new PushRelabelMFImpl<>(flow).calculateMaximumFlow(SOURCE, SINK) * SCALE;
    }

    private static void add(Graph<Integer, DefaultWeightedEdge> flow, int from, int to, double bytesPerSecond) {
        flow.addVertex(from);
        flow.addVertex(to);
        DefaultWeightedEdge e = flow.getEdge(from, to);
        if (e == null) {
            e = flow.addEdge(from, to);
            flow.setEdgeWeight(e, bytesPerSecond / SCALE);
        } else {
            flow.setEdgeWeight(e, flow.getEdgeWeight(e) + bytesPerSecond / SCALE);
        }
    }
}

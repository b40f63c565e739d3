package org.clustersim.step;

/**
 * Expected traffic of DeepSeek-style node-limited top-k routing under balanced load: every token picks
 * {@code nodeLimit} of the EP group's nodes, then its top-k experts among the experts on those nodes, uniformly.
 * A chosen node receives one copy of the token over the network (deduplicated) if at least one of its experts is
 * picked; the copy then fans out over NVLink to the picked experts on that node.
 */
public record MoeRouting(int epRanks, int epNodes, int routedExperts, int topK, int nodeLimit) {

    public MoeRouting {
        if (epRanks < 1 || epNodes < 1 || routedExperts < 1 || topK < 1 || nodeLimit < 1) {
            throw new IllegalArgumentException("MoE routing needs positive sizes");
        }
    }

    /** Nodes a token may use: the node limit, at most the group's nodes. */
    public int nodesChosen() {
        return Math.min(nodeLimit, epNodes);
    }

    /**
     * Expected distinct destination nodes per token: M x P(a chosen node gets at least one of the k experts), with
     * the k experts drawn without replacement from the M nodes' experts.
     */
    public double expectedDestinationNodes() {
        int m = nodesChosen();
        int expertsPerNode = Math.max(1, routedExperts / epNodes);
        int pool = m * expertsPerNode;
        int k = Math.min(topK, pool);
        // P(node empty) = C(pool - perNode, k) / C(pool, k)
        double empty = 1.0;
        for (int i = 0; i < k; i++) {
            empty *= (double) (pool - expertsPerNode - i) / (pool - i);
            if (empty <= 0) {
                empty = 0;
                break;
            }
        }
        return m * (1 - Math.max(0, empty));
    }

    /** Expected destination nodes per token other than the token's own node. */
    public double expectedRemoteNodes() {
        double ownChosen = (double) nodesChosen() / epNodes;
        double perChosen = expectedDestinationNodes() / nodesChosen();
        return expectedDestinationNodes() - ownChosen * perChosen;
    }
}

package org.clustersim.collective;

import org.clustersim.engine.RandomStream;

/**
 * Where the tokens of one expert-parallel group go: for every source rank, how many of its tokens select at least one
 * expert on each node (the IB copies after per-node deduplication), at least one expert on each rank (the NVLink
 * copies after per-GPU deduplication), and how many (token, expert) pairs land on each rank (the copies without any
 * deduplication). Ranks are indexed in group layout order (node k, position j is index k x ranksPerNode + j); experts
 * are spread evenly, {@code expertsPerRank} on each rank in rank order.
 *
 * <p>Counts are doubles so that a histogram can hold expected values ({@link #balanced}) as well as samples
 * ({@link #sampled}, {@link Builder}). Compared by identity.
 */
public final class ExpertHistogram {

    private final int ranks;
    private final int ranksPerNode;
    private final int expertsPerRank;
    private final double tokensPerRank;
    private final double[][] toNode;
    private final double[][] toRank;
    private final double[][] toExperts;

    private ExpertHistogram(int ranks, int ranksPerNode, int expertsPerRank, double tokensPerRank, double[][] toNode,
            double[][] toRank, double[][] toExperts) {
        this.ranks = ranks;
        this.ranksPerNode = ranksPerNode;
        this.expertsPerRank = expertsPerRank;
        this.tokensPerRank = tokensPerRank;
        this.toNode = toNode;
        this.toRank = toRank;
        this.toExperts = toExperts;
    }

    /**
     * Expected counts under balanced node-limited routing, the routing DeepEP's benchmarks simulate: each token picks
     * M = min(nodeLimit, nodes) of the group's nodes uniformly at random, then its top-k experts uniformly among the
     * M x e experts on them (e experts per node). A picked node receives a token unless all k experts fall on the other
     * M - 1 picked nodes, so with C(a, k) / C(b, k) = prod_{i<k} (a - i) / (b - i):
     * <pre>
     *   P(node b gets the token) = (M / N) x (1 - C(e(M-1), k) / C(eM, k))
     *   P(rank d gets the token) = (M / N) x (1 - C(eM - E_r, k) / C(eM, k))      E_r experts per rank
     *   expected (token, expert) pairs on rank d = k x E_r / (N e)
     * </pre>
     * DeepSeek-V3 (256 experts on 8 nodes, k = 8, M = 4; deepseek-v3.md A.1): 3.62 nodes per token on average, of which
     * 3.17 remote. The real gate ranks nodes by affinity before choosing experts, which changes how often a picked
     * node ends up unused but not the byte counts per pair, so DeepEP-style bandwidth (bytes per pair / time) is
     * insensitive to it.
     */
    public static ExpertHistogram balanced(int ranks, int ranksPerNode, int expertsPerRank, double tokensPerRank,
            int topK, int nodeLimit) {
        check(ranks, ranksPerNode, expertsPerRank, topK, nodeLimit);
        int nodes = ranks / ranksPerNode;
        int m = Math.min(nodeLimit, nodes);
        int perNode = ranksPerNode * expertsPerRank;
        int candidates = perNode * m;
        double pSelected = (double) m / nodes;
        double pNode = pSelected * (1 - ratio(perNode * (m - 1), candidates, topK));
        double pRank = pSelected * (1 - ratio(candidates - expertsPerRank, candidates, topK));
        double perExpertRank = (double) topK * expertsPerRank / (nodes * perNode);
        double[][] toNode = new double[ranks][nodes];
        double[][] toRank = new double[ranks][ranks];
        double[][] toExperts = new double[ranks][ranks];
        for (int s = 0; s < ranks; s++) {
            java.util.Arrays.fill(toNode[s], tokensPerRank * pNode);
            java.util.Arrays.fill(toRank[s], tokensPerRank * pRank);
            java.util.Arrays.fill(toExperts[s], tokensPerRank * perExpertRank);
        }
        return new ExpertHistogram(ranks, ranksPerNode, expertsPerRank, tokensPerRank, toNode, toRank, toExperts);
    }

    /**
     * Counts of {@code tokensPerRank} tokens per rank drawn from the same routing as {@link #balanced}: M nodes
     * uniformly, then k distinct experts uniformly among theirs.
     */
    public static ExpertHistogram sampled(int ranks, int ranksPerNode, int expertsPerRank, int tokensPerRank,
            int topK, int nodeLimit, RandomStream random) {
        check(ranks, ranksPerNode, expertsPerRank, topK, nodeLimit);
        int nodes = ranks / ranksPerNode;
        int m = Math.min(nodeLimit, nodes);
        int perNode = ranksPerNode * expertsPerRank;
        Builder b = builder(ranks, ranksPerNode, expertsPerRank, tokensPerRank);
        int[] nodeOrder = new int[nodes];
        int[] candidates = new int[m * perNode];
        int[] experts = new int[topK];
        for (int s = 0; s < ranks; s++) {
            for (int t = 0; t < tokensPerRank; t++) {
                for (int i = 0; i < nodes; i++) {
                    nodeOrder[i] = i;
                }
                for (int i = 0; i < m; i++) { // partial Fisher-Yates: the first m are a uniform m-subset
                    int j = i + random.nextInt(nodes - i);
                    int tmp = nodeOrder[i];
                    nodeOrder[i] = nodeOrder[j];
                    nodeOrder[j] = tmp;
                }
                int n = 0;
                for (int i = 0; i < m; i++) {
                    for (int e = 0; e < perNode; e++) {
                        candidates[n++] = nodeOrder[i] * perNode + e;
                    }
                }
                for (int i = 0; i < topK; i++) {
                    int j = i + random.nextInt(n - i);
                    int tmp = candidates[i];
                    candidates[i] = candidates[j];
                    candidates[j] = tmp;
                    experts[i] = candidates[i];
                }
                b.addToken(s, experts);
            }
        }
        return b.build();
    }

    public static Builder builder(int ranks, int ranksPerNode, int expertsPerRank, double tokensPerRank) {
        return new Builder(ranks, ranksPerNode, expertsPerRank, tokensPerRank);
    }

    private static void check(int ranks, int ranksPerNode, int expertsPerRank, int topK, int nodeLimit) {
        if (ranks < 1 || ranksPerNode < 1 || ranks % ranksPerNode != 0) {
            throw new IllegalArgumentException(ranks + " ranks do not fill nodes of " + ranksPerNode);
        }
        if (expertsPerRank < 1 || topK < 1 || nodeLimit < 1) {
            throw new IllegalArgumentException("experts per rank, top-k and node limit must be >= 1");
        }
        int nodes = ranks / ranksPerNode;
        if (topK > Math.min(nodeLimit, nodes) * ranksPerNode * expertsPerRank) {
            throw new IllegalArgumentException("top-" + topK + " needs more experts than the " + Math.min(nodeLimit,
                    nodes) + " node(s) a token may reach hold (" + ranksPerNode * expertsPerRank + " each)");
        }
    }

    /** C(a, k) / C(b, k) for a &lt;= b. */
    private static double ratio(int a, int b, int k) {
        if (a < k) {
            return 0;
        }
        double r = 1;
        for (int i = 0; i < k; i++) {
            r *= (double) (a - i) / (b - i);
        }
        return r;
    }

    public int ranks() {
        return ranks;
    }

    public int ranksPerNode() {
        return ranksPerNode;
    }

    public int nodes() {
        return ranks / ranksPerNode;
    }

    public int expertsPerRank() {
        return expertsPerRank;
    }

    public double tokensPerRank() {
        return tokensPerRank;
    }

    /** Tokens of source rank s with at least one expert on node b (the node's copy; s's own node included). */
    public double tokensToNode(int source, int node) {
        return toNode[source][node];
    }

    /** Tokens of source rank s with at least one expert on rank d. */
    public double tokensToRank(int source, int rank) {
        return toRank[source][rank];
    }

    /** (token, expert) pairs from source rank s to the experts of rank d. */
    public double tokensToExperts(int source, int rank) {
        return toExperts[source][rank];
    }

    /**
     * DeepEP's {@code num_rdma_token_sent} averaged over ranks: (token, destination node) pairs per rank, the own node
     * included (deepseek-v3.md A.8).
     */
    public double meanNodePairsPerRank() {
        double sum = 0;
        for (double[] row : toNode) {
            for (double v : row) {
                sum += v;
            }
        }
        return sum / ranks;
    }

    /** (token, destination rank) pairs per rank: the rows each rank receives, on average. */
    public double meanRankPairsPerRank() {
        double sum = 0;
        for (double[] row : toRank) {
            for (double v : row) {
                sum += v;
            }
        }
        return sum / ranks;
    }

    /** Distinct destination nodes per token, on average. */
    public double meanNodesPerToken() {
        return meanNodePairsPerRank() / tokensPerRank;
    }

    /** Accumulates routed tokens one by one. */
    public static final class Builder {
        private final int ranks;
        private final int ranksPerNode;
        private final int expertsPerRank;
        private final double tokensPerRank;
        private final double[][] toNode;
        private final double[][] toRank;
        private final double[][] toExperts;
        private final int[] nodeMark;
        private final int[] rankMark;
        private int mark;

        private Builder(int ranks, int ranksPerNode, int expertsPerRank, double tokensPerRank) {
            if (ranks < 1 || ranksPerNode < 1 || ranks % ranksPerNode != 0 || expertsPerRank < 1) {
                throw new IllegalArgumentException(ranks + " ranks do not fill nodes of " + ranksPerNode);
            }
            this.ranks = ranks;
            this.ranksPerNode = ranksPerNode;
            this.expertsPerRank = expertsPerRank;
            this.tokensPerRank = tokensPerRank;
            int nodes = ranks / ranksPerNode;
            this.toNode = new double[ranks][nodes];
            this.toRank = new double[ranks][ranks];
            this.toExperts = new double[ranks][ranks];
            this.nodeMark = new int[nodes];
            this.rankMark = new int[ranks];
        }

        /** One token of {@code source} routed to these distinct experts (global expert ids). */
        public Builder addToken(int source, int[] experts) {
            mark++;
            for (int e : experts) {
                if (e < 0 || e >= ranks * expertsPerRank) {
                    throw new IllegalArgumentException("expert " + e + " outside 0.." + (ranks * expertsPerRank - 1));
                }
                int rank = e / expertsPerRank;
                int node = rank / ranksPerNode;
                toExperts[source][rank]++;
                if (rankMark[rank] != mark) {
                    rankMark[rank] = mark;
                    toRank[source][rank]++;
                }
                if (nodeMark[node] != mark) {
                    nodeMark[node] = mark;
                    toNode[source][node]++;
                }
            }
            return this;
        }

        public ExpertHistogram build() {
            return new ExpertHistogram(ranks, ranksPerNode, expertsPerRank, tokensPerRank, copy(toNode), copy(toRank),
                    copy(toExperts));
        }

        private static double[][] copy(double[][] a) {
            double[][] c = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                c[i] = a[i].clone();
            }
            return c;
        }
    }
}

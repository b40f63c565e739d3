package org.clustersim.collective;

/**
 * The shape of a communicator as the tuning model sees it: how many ranks, spread over how many nodes. Membership
 * (which ranks) is the caller's business; NCCL's model, like this one, depends only on the counts.
 */
public record CollectiveGroup(int ranks, int nodes) {

    public CollectiveGroup {
        if (ranks < 1 || nodes < 1 || nodes > ranks) {
            throw new IllegalArgumentException("need 1 <= nodes <= ranks, got " + nodes + " nodes, " + ranks + " ranks");
        }
    }

    /** Ranks per node, rounded up (groups need not fill nodes evenly). */
    public int ranksPerNode() {
        return (ranks + nodes - 1) / nodes;
    }
}

package org.clustersim.collective;

/**
 * NCCL's double binary tree over n nodes ({@code src/graph/trees.cc}; Sanders, Speck and Traeff 2009): the first tree
 * is a binary tree rooted at 0 whose leaves are the odd positions, the second mirrors it (n even) or shifts it by one
 * (n odd), so each position is interior in at most one tree and the two trees together load every node about equally.
 */
final class DoubleBinaryTree {

    private DoubleBinaryTree() {
    }

    /** Parent of {@code position} in the first tree, or -1 for the root (NCCL's ncclGetBtree "up"). */
    static int parentInFirst(int n, int position) {
        if (position == 0) {
            return -1;
        }
        int bit = 1;
        while (bit < n && (bit & position) == 0) {
            bit <<= 1;
        }
        int up = (position ^ bit) | (bit << 1);
        if (up >= n) {
            up = position ^ bit;
        }
        return up;
    }

    /** Parent of {@code position} in the second tree (mirror for even n, shift by one for odd n), or -1. */
    static int parentInSecond(int n, int position) {
        if (n % 2 == 1) {
            int u = parentInFirst(n, (position - 1 + n) % n);
            return u == -1 ? -1 : (u + 1) % n;
        }
        int u = parentInFirst(n, n - 1 - position);
        return u == -1 ? -1 : n - 1 - u;
    }

    static int parent(int tree, int n, int position) {
        return tree == 0 ? parentInFirst(n, position) : parentInSecond(n, position);
    }
}

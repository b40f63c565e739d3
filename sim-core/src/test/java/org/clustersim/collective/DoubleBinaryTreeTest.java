package org.clustersim.collective;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DoubleBinaryTreeTest {

    @Test
    void bothTreesSpanEveryNodeWithAtMostTwoChildren() {
        for (int n = 1; n <= 130; n++) {
            int[] interior = new int[n];
            for (int tree = 0; tree < 2; tree++) {
                int roots = 0;
                int[] children = new int[n];
                for (int v = 0; v < n; v++) {
                    int u = DoubleBinaryTree.parent(tree, n, v);
                    if (u < 0) {
                        roots++;
                        continue;
                    }
                    assertThat(u).isBetween(0, n - 1).isNotEqualTo(v);
                    children[u]++;
                    // walking up reaches the root without a cycle
                    int steps = 0;
                    for (int w = v; w >= 0; w = DoubleBinaryTree.parent(tree, n, w)) {
                        assertThat(++steps).isLessThanOrEqualTo(n);
                    }
                }
                assertThat(roots).isEqualTo(1);
                for (int v = 0; v < n; v++) {
                    assertThat(children[v]).isLessThanOrEqualTo(2);
                    if (children[v] > 0) {
                        interior[v]++;
                    }
                }
            }
            // the mirror (even n) makes every node interior in at most one tree; the shift (odd n) leaves one node
            // interior in both (NCCL's own construction; trees.cc)
            int both = 0;
            for (int v = 0; v < n; v++) {
                both += interior[v] == 2 ? 1 : 0;
            }
            assertThat(both).as("nodes interior in both trees, n = %d", n).isLessThanOrEqualTo(n % 2 == 0 ? 0 : 1);
        }
    }

    @Test
    void firstTreeIsNcclsBitTree() {
        // trees.cc's illustration for 14 ranks: 0 - 8; 8 - 4, 12; 4 - 2, 6; 12 - 10, 13; 2 - 1, 3; ...
        assertThat(DoubleBinaryTree.parentInFirst(14, 8)).isEqualTo(0);
        assertThat(DoubleBinaryTree.parentInFirst(14, 4)).isEqualTo(8);
        assertThat(DoubleBinaryTree.parentInFirst(14, 12)).isEqualTo(8);
        assertThat(DoubleBinaryTree.parentInFirst(14, 13)).isEqualTo(12);
        assertThat(DoubleBinaryTree.parentInFirst(14, 10)).isEqualTo(12);
        assertThat(DoubleBinaryTree.parentInFirst(14, 1)).isEqualTo(2);
        assertThat(DoubleBinaryTree.parentInFirst(14, 3)).isEqualTo(2);
    }
}

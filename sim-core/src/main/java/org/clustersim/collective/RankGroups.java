package org.clustersim.collective;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The communicators one collective runs on: one group, or several disjoint groups of equal size that run the same
 * collective at the same time (every data-parallel group's all-reduce, every expert-parallel group's all-to-all).
 * Membership is the caller's business; the order of a group's ranks is the order its rings and trees follow, with the
 * ranks of one node kept together (nodes in order of first appearance, ranks of a node in order of appearance).
 *
 * <p>Immutable; equal when the groups are equal, so planners can cache per groups.
 */
public final class RankGroups {

    private final int[][] groups;
    private final int hash;

    private RankGroups(int[][] groups) {
        this.groups = groups;
        this.hash = Arrays.deepHashCode(groups);
    }

    /** One group. */
    public static RankGroups of(int... ranks) {
        return of(new int[][] {ranks});
    }

    /** Ranks first .. first + count - 1. */
    public static RankGroups range(int first, int count) {
        int[] ranks = new int[count];
        for (int i = 0; i < count; i++) {
            ranks[i] = first + i;
        }
        return of(ranks);
    }

    /**
     * Several disjoint groups of equal size.
     *
     * @throws IllegalArgumentException on an empty group, unequal sizes, a negative or repeated rank
     */
    public static RankGroups of(int[][] groups) {
        if (groups.length == 0) {
            throw new IllegalArgumentException("no groups");
        }
        int size = groups[0].length;
        java.util.BitSet seen = new java.util.BitSet();
        int[][] copy = new int[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            if (groups[g].length == 0 || groups[g].length != size) {
                throw new IllegalArgumentException("groups must be non-empty and of equal size; group " + g + " has "
                        + groups[g].length + " ranks, group 0 has " + size);
            }
            for (int r : groups[g]) {
                if (r < 0) {
                    throw new IllegalArgumentException("negative rank " + r);
                }
                if (seen.get(r)) {
                    throw new IllegalArgumentException("rank " + r + " appears twice");
                }
                seen.set(r);
            }
            copy[g] = groups[g].clone();
        }
        return new RankGroups(copy);
    }

    /**
     * Consecutive groups of {@code size} ranks over ranks 0 .. total - 1 (expert-parallel groups of 64 consecutive
     * ranks, 8 nodes each, for instance).
     */
    public static RankGroups consecutive(int total, int size) {
        if (size <= 0 || total % size != 0) {
            throw new IllegalArgumentException(size + " does not divide " + total);
        }
        int[][] g = new int[total / size][size];
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < size; j++) {
                g[i][j] = i * size + j;
            }
        }
        return new RankGroups(g);
    }

    public int groupCount() {
        return groups.length;
    }

    /** Ranks per group. */
    public int size() {
        return groups[0].length;
    }

    public int rank(int group, int index) {
        return groups[group][index];
    }

    public int[] ranks(int group) {
        return groups[group].clone();
    }

    /** Highest rank of any group. */
    public int maxRank() {
        int max = 0;
        for (int[] g : groups) {
            for (int r : g) {
                max = Math.max(max, r);
            }
        }
        return max;
    }

    /** How each group sits on nodes of {@code gpusPerNode} GPUs. */
    public Layout layout(int group, int gpusPerNode) {
        Map<Integer, List<Integer>> byNode = new LinkedHashMap<>();
        for (int r : groups[group]) {
            byNode.computeIfAbsent(r / gpusPerNode, k -> new ArrayList<>()).add(r);
        }
        int[][] members = new int[byNode.size()][];
        int i = 0;
        for (List<Integer> node : byNode.values()) {
            members[i++] = node.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Layout(members);
    }

    /**
     * One group on its nodes: {@code members[k][j]} is the j-th rank of the group on its k-th node.
     */
    public static final class Layout {
        private final int[][] members;

        Layout(int[][] members) {
            this.members = members;
        }

        public int nodes() {
            return members.length;
        }

        public int ranksOn(int node) {
            return members[node].length;
        }

        public int member(int node, int position) {
            return members[node][position];
        }

        /** Ranks per node when every node holds the same number, else -1. */
        public int uniformRanksPerNode() {
            int m = members[0].length;
            for (int[] node : members) {
                if (node.length != m) {
                    return -1;
                }
            }
            return m;
        }

        /** Ranks in layout order: node by node. */
        public int[] ordered() {
            int n = 0;
            for (int[] node : members) {
                n += node.length;
            }
            int[] out = new int[n];
            int i = 0;
            for (int[] node : members) {
                for (int r : node) {
                    out[i++] = r;
                }
            }
            return out;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankGroups other && hash == other.hash && Arrays.deepEquals(groups, other.groups);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return groups.length == 1 ? "RankGroups[" + groups[0].length + " ranks]"
                : "RankGroups[" + groups.length + " x " + groups[0].length + " ranks]";
    }
}

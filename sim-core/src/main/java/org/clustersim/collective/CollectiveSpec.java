package org.clustersim.collective;

import java.util.Objects;

/**
 * One collective to run: what, on which groups, how big, and optionally which algorithm.
 *
 * @param bytes     the size as nccl-tests counts it: all-reduce and broadcast the buffer; all-gather, reduce-scatter
 *                  and the KV exchanges the total (gathered) buffer; all-to-all the bytes each rank sends in all,
 *                  its own chunk included; send/recv the message
 * @param algorithm the algorithm to use, or null to let NCCL's tuning model choose
 * @param root      index within each group of the broadcast root (ignored by other kinds)
 */
public record CollectiveSpec(CollectiveKind kind, RankGroups groups, double bytes, Algorithm algorithm, int root) {

    public CollectiveSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(groups, "groups");
        if (!(bytes >= 0) || Double.isInfinite(bytes)) {
            throw new IllegalArgumentException("bytes must be finite and >= 0: " + bytes);
        }
        if (root < 0 || root >= groups.size()) {
            throw new IllegalArgumentException("root " + root + " outside a group of " + groups.size());
        }
        if (kind == CollectiveKind.MOE_DISPATCH || kind == CollectiveKind.MOE_COMBINE) {
            throw new IllegalArgumentException(kind.spelling() + " is planned from an MoeExchange, not a size");
        }
        if (kind == CollectiveKind.SEND_RECV && groups.size() != 2) {
            throw new IllegalArgumentException("send-recv groups are [source, destination] pairs");
        }
    }

    public static CollectiveSpec of(CollectiveKind kind, RankGroups groups, double bytes) {
        return new CollectiveSpec(kind, groups, bytes, null, 0);
    }

    public CollectiveSpec withAlgorithm(Algorithm value) {
        return new CollectiveSpec(kind, groups, bytes, value, root);
    }

    public CollectiveSpec withBytes(double value) {
        return new CollectiveSpec(kind, groups, value, algorithm, root);
    }
}

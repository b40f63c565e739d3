package org.clustersim.scenario.sweep;

import org.clustersim.error.UserError;

/**
 * A deterministic share of a sweep's points for one job of a batch-scheduler array: shard k of n takes the points
 * whose index is k - 1 modulo n. Taking every n-th point, rather than a block, spreads slow and fast regions of the
 * grid over all shards.
 *
 * @param index 1 to count
 */
public record Shard(int index, int count) {

    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count);
        }
    }

    /** Parses {@code k/N} with 1 <= k <= N. */
    public static Shard parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                int k = Integer.parseInt(t.substring(0, slash).strip());
                int n = Integer.parseInt(t.substring(slash + 1).strip());
                if (n >= 1 && k >= 1 && k <= n) {
                    return new Shard(k, n);
                }
                throw new UserError("shard '" + text + "' is out of range", "k runs from 1 to N, e.g. --shard 1/" + n
                        + " ... --shard " + n + "/" + n + " (with SLURM: --shard $((SLURM_ARRAY_TASK_ID+1))/N for "
                        + "arrays numbered from 0)");
            }
        } catch (NumberFormatException e) {
            // fall through to the format error
        }
        throw new UserError("bad shard '" + text + "'", "write k/N, e.g. --shard 3/8");
    }

    public boolean contains(int point) {
        return point % count == index - 1;
    }

    public boolean isAll() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}

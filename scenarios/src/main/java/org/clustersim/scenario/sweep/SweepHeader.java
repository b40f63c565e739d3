package org.clustersim.scenario.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The first line of a results file: which sweep the file belongs to and its shape, so the file alone says what its
 * points are (for resume, merge and reports).
 *
 * @param base       the base scenario file as given
 * @param set        fixed overrides applied to every point
 * @param points     points in the whole sweep (not just this shard)
 * @param dimensions axis indices per grid dimension (several = zipped)
 * @param shard      {@code k/N}, or null for the whole sweep
 */
public record SweepHeader(String sweepId, String name, String base, List<String> set, int points, List<Axis> axes,
                          List<List<Integer>> dimensions, String shard, String toolVersion) {

    public SweepHeader {
        Objects.requireNonNull(sweepId, "sweepId");
        set = List.copyOf(set);
        axes = List.copyOf(axes);
        List<List<Integer>> dims = new ArrayList<>();
        for (List<Integer> d : dimensions) {
            dims.add(List.copyOf(d));
        }
        dimensions = List.copyOf(dims);
    }

    public static SweepHeader of(Sweep sweep, Shard shard, String toolVersion) {
        return new SweepHeader(sweep.id(), sweep.name(), sweep.baseFile().toString(), sweep.fixedOverrides(),
                sweep.pointCount(), sweep.axes(), sweep.dimensions(), shard.isAll() ? null : shard.toString(),
                toolVersion);
    }

    /** The same header for the whole sweep (what a merge of shards writes). */
    public SweepHeader unsharded() {
        return new SweepHeader(sweepId, name, base, set, points, axes, dimensions, null, toolVersion);
    }
}

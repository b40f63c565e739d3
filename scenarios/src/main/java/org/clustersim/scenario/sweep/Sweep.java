package org.clustersim.scenario.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.clustersim.scenario.source.Node.MapNode;

/**
 * An expanded sweep: the base scenario tree (after {@code extends} and the sweep's fixed overrides), its axes and how
 * they combine. Points are numbered in grid order, the last dimension fastest; a dimension is one axis, or a group of
 * zipped axes that move together. The id hashes the base tree and the axes, so two processes that expand the same
 * sweep agree on it and on every point, and a results file can tell whether it belongs to this sweep.
 */
public final class Sweep {

    /**
     * More points than a sweep runs in practice (a million 0.1 s points is 28 core-hours); beyond it a range or grid
     * is almost surely a typo, and a run holds its points and results in memory.
     */
    public static final long MAX_POINTS = 1_000_000L;

    private final String name;
    private final Path baseFile;
    private final MapNode baseTree;
    private final List<String> fixedOverrides;
    private final List<Axis> axes;
    private final List<List<Integer>> dimensions;
    private final int[] lengths;
    private final int pointCount;
    private final String id;

    /**
     * @param dimensions indices into {@code axes}: each inner list is one dimension (several = zipped, equal lengths)
     */
    public Sweep(String name, Path baseFile, MapNode baseTree, List<String> fixedOverrides, List<Axis> axes,
                 List<List<Integer>> dimensions) {
        this.name = Objects.requireNonNull(name, "name");
        this.baseFile = Objects.requireNonNull(baseFile, "baseFile");
        this.baseTree = Objects.requireNonNull(baseTree, "baseTree");
        this.fixedOverrides = List.copyOf(fixedOverrides);
        this.axes = List.copyOf(axes);
        List<List<Integer>> dims = new ArrayList<>();
        for (List<Integer> d : dimensions) {
            dims.add(List.copyOf(d));
        }
        this.dimensions = List.copyOf(dims);
        this.lengths = new int[this.dimensions.size()];
        long count = 1;
        for (int d = 0; d < lengths.length; d++) {
            List<Integer> members = this.dimensions.get(d);
            int length = this.axes.get(members.get(0)).values().size();
            for (int a : members) {
                if (this.axes.get(a).values().size() != length) {
                    throw new IllegalArgumentException("zipped axes must have equal lengths: " + members);
                }
            }
            lengths[d] = length;
            count *= length;
            if (count > MAX_POINTS) {
                throw new IllegalArgumentException("more than " + MAX_POINTS + " points");
            }
        }
        this.pointCount = (int) count;
        this.id = TreeHash.sha256(TreeHash.of(baseTree) + "\n" + describeAxes());
    }

    private String describeAxes() {
        StringBuilder out = new StringBuilder();
        for (List<Integer> d : dimensions) {
            out.append('(');
            for (int a : d) {
                Axis axis = axes.get(a);
                out.append(axis.path()).append('\u0000');
                for (String v : axis.values()) {
                    out.append(v).append('\u0001');
                }
                out.append('\u0002');
            }
            out.append(')');
        }
        return out.toString();
    }

    public String name() {
        return name;
    }

    public String id() {
        return id;
    }

    public Path baseFile() {
        return baseFile;
    }

    /** The base scenario tree with the sweep's fixed overrides applied. */
    public MapNode baseTree() {
        return baseTree;
    }

    public List<String> fixedOverrides() {
        return fixedOverrides;
    }

    public List<Axis> axes() {
        return axes;
    }

    /** Axis indices per dimension; a dimension of several axes is a zipped group. */
    public List<List<Integer>> dimensions() {
        return dimensions;
    }

    public int pointCount() {
        return pointCount;
    }

    /** The point at {@code index} (0 to {@link #pointCount()} - 1). */
    public SweepPoint point(int index) {
        Objects.checkIndex(index, pointCount);
        int[] valueIndex = new int[axes.size()];
        int rest = index;
        for (int d = lengths.length - 1; d >= 0; d--) {
            int digit = rest % lengths[d];
            rest /= lengths[d];
            for (int a : dimensions.get(d)) {
                valueIndex[a] = digit;
            }
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            overrides.put(axes.get(a).path(), axes.get(a).values().get(valueIndex[a]));
        }
        return new SweepPoint(index, overrides);
    }

    /** The points of a shard, in index order. */
    public List<SweepPoint> points(Shard shard) {
        List<SweepPoint> out = new ArrayList<>();
        for (int i = 0; i < pointCount; i++) {
            if (shard.contains(i)) {
                out.add(point(i));
            }
        }
        return out;
    }

    /** "4 x 10 x 5 (cluster.gpu zipped with costs.serverPrice)" */
    public String shape() {
        StringBuilder out = new StringBuilder();
        List<String> zipped = new ArrayList<>();
        for (int d = 0; d < lengths.length; d++) {
            out.append(d == 0 ? "" : " x ").append(lengths[d]);
            if (dimensions.get(d).size() > 1) {
                List<String> paths = dimensions.get(d).stream().map(a -> axes.get(a).path()).toList();
                zipped.add(String.join(" with ", paths));
            }
        }
        if (!zipped.isEmpty()) {
            out.append(" (zipped: ").append(String.join("; ", zipped)).append(')');
        }
        return out.toString();
    }
}

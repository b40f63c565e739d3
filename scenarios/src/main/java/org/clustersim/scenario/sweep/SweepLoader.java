package org.clustersim.scenario.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.clustersim.error.UserError;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.bind.Binder;
import org.clustersim.scenario.bind.Bound;
import org.clustersim.scenario.source.Node;
import org.clustersim.scenario.source.Node.MapNode;
import org.clustersim.scenario.source.NodeReader;
import org.clustersim.scenario.source.SourceLocation;
import org.clustersim.scenario.source.Suggestions;
import org.clustersim.scenario.sweep.SweepSpec.AxisSpec;
import org.clustersim.scenario.sweep.SweepSpec.Combine;

/**
 * Reads a sweep: a sweep file (a mapping with {@code base} and {@code axes}), or a scenario file with axes given on
 * the command line. The definition is checked before anything runs, strictly: unknown keys, bad ranges, zip groups
 * of unequal length, duplicate axes, and any axis value that the scenario loader rejects on its own (an unknown key
 * path, a missing unit, an unknown preset) are located errors, since every point with that value would fail the same
 * way. What only a combination can get wrong (a plan that does not divide or does not fit) is left to the points.
 */
public final class SweepLoader {

    /** Values per axis checked against the base scenario before the sweep runs (evenly spaced, ends included). */
    static final int CHECKED_VALUES_PER_AXIS = 1000;

    /**
     * What the command line adds to a sweep file, or gives alone with a scenario file.
     *
     * @param axes    {@code PATH=VALUES} each
     * @param zip     groups of axis paths, each {@code PATH,PATH,...}
     * @param combine overrides the file's combine; null keeps it (default grid)
     * @param set     fixed overrides for every point, {@code PATH=VALUE} each
     */
    public record Request(List<String> axes, List<String> zip, Combine combine, List<String> set) {
        public Request {
            axes = List.copyOf(axes);
            zip = List.copyOf(zip);
            set = List.copyOf(set);
        }

        public static Request none() {
            return new Request(List.of(), List.of(), null, List.of());
        }
    }

    private final ScenarioLoader loader;
    private final NodeReader reader = new NodeReader();

    public SweepLoader(ScenarioLoader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** True when the file is a sweep file (has {@code base} or {@code axes} at the top level). */
    public boolean isSweepFile(Path file) {
        MapNode root = reader.readFile(file, new SourceLocation("<command line>", 1, 1));
        return isSweep(root);
    }

    private static boolean isSweep(MapNode root) {
        return root.get("base") != null || root.get("axes") != null;
    }

    /** Loads {@code file} (a sweep file or a scenario) with the command line's additions. */
    public Sweep load(Path file, Request request) {
        MapNode root = reader.readFile(file, new SourceLocation("<command line>", 1, 1));
        return isSweep(root) ? fromSweepFile(file, root, request) : fromScenario(file, request);
    }

    private Sweep fromSweepFile(Path file, MapNode root, Request request) {
        Bound<SweepSpec> bound = Binder.bind(root, SweepSpec.class);
        SweepSpec spec = bound.value();
        Path dir = file.toAbsolutePath().getParent();
        Path base = dir.resolve(spec.base());
        if (!Files.isRegularFile(base)) {
            throw new ScenarioError(bound.at("base"), "base scenario not found: " + spec.base(), spec.base(),
                    "the path is relative to the sweep file's folder (" + dir + ")");
        }
        Path shown = file.getParent() == null ? Path.of(spec.base()) : file.getParent().resolve(spec.base()).normalize();
        MapNode tree = loader.readTree(shown, List.of());
        List<String> fixed = new ArrayList<>(spec.set() == null ? List.of() : spec.set());
        fixed.addAll(request.set());

        List<Axis> axes = new ArrayList<>();
        List<AxisSpec> specs = spec.axes();
        for (int i = 0; i < specs.size(); i++) {
            axes.add(axisOf(specs.get(i), bound, "axes[" + i + "]"));
        }
        for (String text : request.axes()) {
            axes.add(axisOf(text));
        }
        List<ZipGroup> groups = new ArrayList<>();
        if (spec.zip() != null) {
            for (int i = 0; i < spec.zip().size(); i++) {
                groups.add(new ZipGroup(spec.zip().get(i), bound.at("zip[" + i + "]")));
            }
        }
        groups.addAll(zipArguments(request.zip()));
        Combine combine = request.combine() != null ? request.combine()
                : spec.combine() != null ? spec.combine() : Combine.GRID;
        String name = spec.name() != null ? spec.name() : defaultName(tree, shown);
        return build(name, shown, tree, fixed, axes, groups, combine, bound.at("axes"));
    }

    private Sweep fromScenario(Path file, Request request) {
        MapNode tree = loader.readTree(file, List.of());
        List<Axis> axes = new ArrayList<>();
        for (String text : request.axes()) {
            axes.add(axisOf(text));
        }
        Combine combine = request.combine() != null ? request.combine() : Combine.GRID;
        return build(defaultName(tree, file), file, tree, request.set(), axes, zipArguments(request.zip()), combine,
                new SourceLocation("<command line>", 1, 1));
    }

    private record ZipGroup(List<String> paths, SourceLocation at) {
    }

    private static List<ZipGroup> zipArguments(List<String> zip) {
        List<ZipGroup> out = new ArrayList<>();
        for (String text : zip) {
            List<String> paths = new ArrayList<>();
            for (String p : text.split(",", -1)) {
                paths.add(p.strip());
            }
            out.add(new ZipGroup(paths, new SourceLocation("--zip " + text, 1, 7)));
        }
        return out;
    }

    private Sweep build(String name, Path baseFile, MapNode tree, List<String> fixed, List<Axis> axes,
                        List<ZipGroup> groups, Combine combine, SourceLocation axesAt) {
        if (axes.isEmpty()) {
            throw new ScenarioError(axesAt, "the sweep has no axes", null,
                    "add --axis PATH=VALUES, e.g. --axis cluster.nodes=256,512 (or 'axes:' in a sweep file)");
        }
        Map<String, Axis> byPath = new LinkedHashMap<>();
        for (Axis axis : axes) {
            Axis previous = byPath.putIfAbsent(axis.path(), axis);
            if (previous != null) {
                throw new UserError("axis '" + axis.path() + "' is given twice (" + previous.origin() + " and "
                        + axis.origin() + ")", "give each path one axis with all its values");
            }
        }
        MapNode base = tree;
        for (String override : fixed) {
            base = loader.override(base, List.of(override));
        }
        List<List<Integer>> dimensions = dimensions(axes, groups, combine);
        long count = 1;
        for (List<Integer> d : dimensions) {
            count *= axes.get(d.get(0)).values().size();
            if (count > Sweep.MAX_POINTS) {
                throw new UserError("the sweep has more than " + Sweep.MAX_POINTS + " points",
                        "use fewer values, larger range steps, or zip axes that go together");
            }
        }
        for (Axis axis : axes) {
            check(base, baseFile, axis);
        }
        return new Sweep(name, baseFile, base, fixed, axes, dimensions);
    }

    /** Loads the base with each (sampled) value of the axis alone; a failure would fail every point with it. */
    private void check(MapNode base, Path baseFile, Axis axis) {
        int n = axis.values().size();
        Set<Integer> sample = new LinkedHashSet<>();
        if (n <= CHECKED_VALUES_PER_AXIS) {
            for (int i = 0; i < n; i++) {
                sample.add(i);
            }
        } else {
            for (int k = 0; k < CHECKED_VALUES_PER_AXIS; k++) {
                sample.add((int) ((long) k * (n - 1) / (CHECKED_VALUES_PER_AXIS - 1)));
            }
        }
        for (int i : sample) {
            try {
                loader.load(base, baseFile, List.of(axis.override(i)));
            } catch (ScenarioError e) {
                String hint = e.hint().isEmpty() ? "" : e.hint() + "; ";
                throw new ScenarioError(e.location(), e.getMessage(), e.value(), hint + "this is value '"
                        + axis.values().get(i) + "' of axis '" + axis.path() + "' (" + axis.origin()
                        + "), so every point with it would fail", e);
            }
        }
    }

    private static List<List<Integer>> dimensions(List<Axis> axes, List<ZipGroup> groups, Combine combine) {
        List<String> paths = axes.stream().map(Axis::path).toList();
        List<List<Integer>> out = new ArrayList<>();
        if (combine == Combine.ZIP) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < axes.size(); i++) {
                all.add(i);
            }
            requireEqualLengths(axes, all, new SourceLocation("combine: zip", 1, 1));
            out.add(all);
            return out;
        }
        Map<Integer, Integer> groupOf = new LinkedHashMap<>();
        List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            ZipGroup group = groups.get(g);
            List<Integer> indices = new ArrayList<>();
            for (String path : group.paths()) {
                int a = paths.indexOf(path);
                if (a < 0) {
                    throw new ScenarioError(group.at(), "zip names '" + path + "', which is not an axis", path,
                            Suggestions.hint(path, paths));
                }
                Integer earlier = groupOf.putIfAbsent(a, g);
                if (earlier != null) {
                    throw new ScenarioError(group.at(), "axis '" + path + "' is in two zip groups", path,
                            "put each axis in at most one group");
                }
                indices.add(a);
            }
            if (indices.size() < 2) {
                throw new ScenarioError(group.at(), "a zip group needs at least two axes", String.join(",",
                        group.paths()), "name the axes that go together, e.g. cluster.gpu,costs.serverPrice");
            }
            indices.sort(null);
            requireEqualLengths(axes, indices, group.at());
            members.add(indices);
        }
        Set<Integer> placed = new LinkedHashSet<>();
        for (int a = 0; a < axes.size(); a++) {
            Integer g = groupOf.get(a);
            if (g == null) {
                out.add(List.of(a));
            } else if (placed.add(g)) {
                out.add(members.get(g));
            }
        }
        return out;
    }

    private static void requireEqualLengths(List<Axis> axes, List<Integer> indices, SourceLocation at) {
        int length = axes.get(indices.get(0)).values().size();
        for (int a : indices) {
            if (axes.get(a).values().size() != length) {
                StringBuilder lengths = new StringBuilder();
                for (int b : indices) {
                    lengths.append(lengths.length() == 0 ? "" : ", ").append(axes.get(b).path()).append(": ")
                            .append(axes.get(b).values().size());
                }
                throw new ScenarioError(at, "zipped axes have different numbers of values", lengths.toString(),
                        "zipped axes go together value by value, so give them equally many values");
            }
        }
    }

    /** An axis of the sweep file. */
    private Axis axisOf(AxisSpec spec, Bound<SweepSpec> bound, String at) {
        SourceLocation where = bound.at(at);
        int given = (spec.values() != null ? 1 : 0) + (spec.range() != null ? 1 : 0) + (spec.preset() != null ? 1 : 0);
        if (given != 1) {
            throw new ScenarioError(where, given == 0 ? "axis '" + spec.path() + "' has no values"
                    : "axis '" + spec.path() + "' gives more than one of values, range and preset", spec.path(),
                    "give exactly one of 'values: [...]', 'range: {from, to, step}' or 'preset: gpus'");
        }
        List<String> values;
        if (spec.values() != null) {
            if (spec.values().isEmpty()) {
                throw new ScenarioError(bound.at(at + ".values"), "axis '" + spec.path() + "' has an empty list",
                        "[]", "list at least one value");
            }
            values = spec.values();
        } else if (spec.range() != null) {
            SourceLocation rangeAt = bound.at(at + ".range");
            var r = spec.range();
            values = AxisValues.range(r.from(), r.to(), r.step(), r.factor(),
                    (message, value, hint) -> new ScenarioError(rangeAt, message, value, hint));
        } else {
            values = AxisValues.preset(spec.preset().name(), loader.catalog(),
                    (message, value, hint) -> new ScenarioError(where, message, value, hint));
        }
        return new Axis(spec.path().strip(), values, where.toString());
    }

    /** An axis of the command line, {@code PATH=VALUES}. */
    private Axis axisOf(String text) {
        String argument = "--axis " + text;
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new ScenarioError(new SourceLocation(argument, 1, 8), "an axis must be PATH=VALUES", text,
                    "write e.g. --axis cluster.nodes=256,512,1024 or --axis cluster.nodes=256..1024:256");
        }
        String path = text.substring(0, eq).strip();
        List<String> values = AxisValues.parse(text.substring(eq + 1), loader.catalog(),
                (message, value, hint) -> new ScenarioError(new SourceLocation(argument, 1, 8 + eq + 1), message,
                        value, hint));
        return new Axis(path, values, argument);
    }

    private static String defaultName(MapNode tree, Path file) {
        Node name = tree.get("name");
        String base = name instanceof Node.ScalarNode s && !s.isNull() ? s.text()
                : file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return base + "-sweep";
    }
}

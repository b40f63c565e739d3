package org.clustersim.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clustersim.error.UserError;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.hardware.GpuType;
import org.clustersim.hardware.NodeType;
import org.clustersim.scenario.bind.Binder;
import org.clustersim.scenario.bind.Bound;
import org.clustersim.scenario.bind.RecordOverlay;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.source.Node;
import org.clustersim.scenario.source.Node.MapNode;
import org.clustersim.scenario.source.Node.ScalarNode;
import org.clustersim.scenario.source.NodeMerge;
import org.clustersim.scenario.source.NodeReader;
import org.clustersim.scenario.source.SourceLocation;
import org.clustersim.scenario.source.Suggestions;
import org.clustersim.scenario.spec.ClusterSpec;
import org.clustersim.scenario.spec.GpuSpec;
import org.clustersim.scenario.spec.NodeSpec;
import org.clustersim.scenario.spec.ScenarioSpec;

/**
 * Reads a scenario file, follows {@code extends}, applies {@code --set path=value} overrides, binds strictly and
 * resolves presets. Every failure is a {@link ScenarioError} naming file, line and column.
 */
public final class ScenarioLoader {

    private static final int MAX_EXTENDS_DEPTH = 16;
    private static final String DEFAULT_NODE = "hgx-8gpu";
    private static final int DEFAULT_GPUS_PER_NODE = 8;

    private final NodeReader reader = new NodeReader();
    private final Catalog catalog;

    public ScenarioLoader(Catalog catalog) {
        this.catalog = catalog;
    }

    public ScenarioLoader() {
        this(Catalog.builtIn());
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Loads {@code file} with overrides, each {@code path=value}. */
    public Scenario load(Path file, List<String> overrides) {
        return load(readTree(file, List.of()), file, overrides);
    }

    /**
     * Loads a tree already read from {@code file} (by {@link #readTree}) with further overrides: what
     * {@link #load(Path, List)} does after reading, so a sweep that reads its base once reports every point's errors
     * exactly as {@code run --set} would.
     */
    public Scenario load(MapNode tree, Path file, List<String> overrides) {
        MapNode root = tree;
        for (String override : overrides) {
            root = applyOverride(root, override);
        }
        Bound<ScenarioSpec> bound = Binder.bind(root, ScenarioSpec.class);
        return resolve(bound, file.toString());
    }

    /** {@code tree} with overrides applied, before binding. */
    public MapNode override(MapNode tree, List<String> overrides) {
        MapNode root = tree;
        for (String override : overrides) {
            root = applyOverride(root, override);
        }
        return root;
    }

    /** The merged, overridden tree before binding (for schema checks and tools). */
    public MapNode readTree(Path file, List<String> overrides) {
        MapNode root = readWithExtends(file, new SourceLocation("<command line>", 1, 1), new ArrayList<>());
        for (String override : overrides) {
            root = applyOverride(root, override);
        }
        return root;
    }

    private MapNode readWithExtends(Path file, SourceLocation referencedFrom, List<Path> chain) {
        Path normal = file.toAbsolutePath().normalize();
        if (chain.contains(normal)) {
            throw new ScenarioError(referencedFrom, "'extends' forms a cycle", file.toString(),
                    "a file cannot extend itself, directly or through others");
        }
        if (chain.size() >= MAX_EXTENDS_DEPTH) {
            throw new ScenarioError(referencedFrom, "'extends' chain deeper than " + MAX_EXTENDS_DEPTH, file.toString(),
                    "flatten the chain of base files");
        }
        chain.add(normal);
        MapNode node = reader.readFile(file, referencedFrom);
        Node parentRef = node.get("extends");
        if (parentRef == null) {
            return node;
        }
        if (!(parentRef instanceof ScalarNode scalar) || scalar.type() != Node.ScalarType.STRING) {
            throw new ScenarioError(parentRef.location(), "'extends' must be a file path", parentRef.describe(),
                    "write e.g. extends: deepseek-v3-2048xH800.yaml");
        }
        Path base = file.toAbsolutePath().getParent().resolve(scalar.text());
        MapNode parent = readWithExtends(base, scalar.location(), chain);
        return (MapNode) NodeMerge.merge(parent, NodeMerge.without(node, "extends"));
    }

    private MapNode applyOverride(MapNode root, String override) {
        String argument = "--set " + override;
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ScenarioError(new SourceLocation(argument, 1, 7), "override must be path=value", override,
                    "write e.g. --set cluster.nodes=512");
        }
        String path = override.substring(0, eq).strip();
        String text = override.substring(eq + 1);
        SourceLocation at = new SourceLocation(argument, 1, 7);
        if (text.isBlank()) {
            throw new ScenarioError(new SourceLocation(argument, 1, 8 + eq), "override of '" + path + "' has no value",
                    override, "write e.g. --set " + path + "=...");
        }
        Node value = reader.read(text, argument, false);
        value = relocate(value, argument, 7 + eq + 1);
        return NodeMerge.set(root, path, value, at);
    }

    /** Points a --set value's locations at the argument, with columns counted within "--set path=value". */
    private static Node relocate(Node node, String argument, int columnOffset) {
        SourceLocation l = new SourceLocation(argument, 1, columnOffset + node.location().column() - 1);
        if (node instanceof ScalarNode s) {
            return new ScalarNode(l, s.text(), s.type());
        }
        if (node instanceof Node.ListNode list) {
            return new Node.ListNode(l, list.items().stream().map(i -> relocate(i, argument, columnOffset)).toList());
        }
        MapNode map = (MapNode) node;
        Map<String, Node> entries = new java.util.LinkedHashMap<>();
        map.entries().forEach((k, v) -> entries.put(k, relocate(v, argument, columnOffset)));
        Map<String, SourceLocation> keys = new java.util.LinkedHashMap<>();
        map.keyLocations().forEach((k, v) -> keys.put(k, l));
        return new MapNode(l, entries, keys);
    }

    private Scenario resolve(Bound<ScenarioSpec> bound, String file) {
        ClusterSpec cluster = bound.value().cluster();
        GpuSpec gpuSpec = cluster.gpu();
        GpuSpec resolvedGpu = gpuSpec;
        String gpuSource = gpuSpec.source() != null ? gpuSpec.source() : "scenario file";
        if (gpuSpec.preset() != null) {
            GpuSpec preset = catalog.gpus().get(gpuSpec.preset());
            if (preset == null) {
                throw new ScenarioError(bound.at("cluster.gpu.preset"), "unknown GPU preset '" + gpuSpec.preset() + "'",
                        gpuSpec.preset(), Suggestions.hint(gpuSpec.preset(), catalog.gpus().keySet()));
            }
            resolvedGpu = RecordOverlay.overlay(preset, gpuSpec);
            gpuSource = preset.source() + (isOverridden(gpuSpec) ? "; fields overridden in the scenario" : "");
        }
        GpuType gpu = toGpuType(resolvedGpu, gpuSpec.preset(), bound);

        NodeSpec nodeSpec = cluster.node() != null ? cluster.node() : new NodeSpec(DEFAULT_NODE, null, null, null,
                null, null, null, null);
        NodeSpec resolvedNode = nodeSpec;
        String nodeSource = nodeSpec.source() != null ? nodeSpec.source() : "scenario file";
        String nodeId = nodeSpec.preset() != null ? nodeSpec.preset() : "custom";
        if (nodeSpec.preset() != null) {
            NodeSpec preset = catalog.nodes().get(nodeSpec.preset());
            if (preset == null) {
                throw new ScenarioError(bound.at("cluster.node.preset"),
                        "unknown node preset '" + nodeSpec.preset() + "'", nodeSpec.preset(),
                        Suggestions.hint(nodeSpec.preset(), catalog.nodes().keySet()));
            }
            resolvedNode = RecordOverlay.overlay(preset, nodeSpec);
            nodeSource = preset.source();
        }
        NodeType node = toNodeType(resolvedNode, nodeId, bound);
        int gpusPerNode = cluster.gpusPerNode() != null ? cluster.gpusPerNode() : DEFAULT_GPUS_PER_NODE;
        long gpus = (long) cluster.nodes() * gpusPerNode;
        if (gpus > 10_000_000L) {
            throw new ScenarioError(bound.at("cluster.nodes"), "cluster of " + gpus + " GPUs is beyond what "
                    + "clustersim models", String.valueOf(cluster.nodes()), "use at most 10 million GPUs");
        }
        checkFailures(bound);
        return new Scenario(bound, new ClusterConfig(gpu, node, cluster.nodes(), gpusPerNode), gpuSource, nodeSource,
                file);
    }

    /** The failure rate is given once, and a mean time between failures is positive. */
    private static void checkFailures(Bound<ScenarioSpec> bound) {
        var training = bound.value().training();
        var failures = training != null ? training.failures() : null;
        if (failures == null || failures.gpuMtbf() == null) {
            return;
        }
        String path = "training.failures.gpuMtbf";
        if (failures.perGpuHour() != null) {
            throw new ScenarioError(bound.at(path), "both perGpuHour and gpuMtbf give the GPU failure rate",
                    failures.gpuMtbf().toString(), "keep one of them: perGpuHour = 1 / (gpuMtbf in hours)");
        }
        if (!(failures.gpuMtbf().seconds() > 0)) {
            throw new ScenarioError(bound.at(path), "a mean time between failures must be longer than zero",
                    failures.gpuMtbf().toString(), "give it with a unit, e.g. 'gpuMtbf: 50700h' (Llama 3's rate), "
                    + "or 'perGpuHour: 0' for no failures");
        }
    }

    private static boolean isOverridden(GpuSpec spec) {
        return spec.bf16Dense() != null || spec.fp8Dense() != null || spec.hbmCapacity() != null
                || spec.hbmBandwidth() != null || spec.nvlinkBandwidth() != null || spec.nvlinkEfficiency() != null
                || spec.tdp() != null || spec.sms() != null;
    }

    private static GpuType toGpuType(GpuSpec s, String presetId, Bound<ScenarioSpec> bound) {
        String path = "cluster.gpu";
        require(s.bf16Dense(), path + ".bf16Dense", bound);
        require(s.hbmCapacity(), path + ".hbmCapacity", bound);
        require(s.hbmBandwidth(), path + ".hbmBandwidth", bound);
        require(s.nvlinkBandwidth(), path + ".nvlinkBandwidth", bound);
        require(s.tdp(), path + ".tdp", bound);
        require(s.sms(), path + ".sms", bound);
        String id = presetId != null ? presetId : (s.name() != null ? s.name() : "custom-gpu");
        try {
            return new GpuType(id, s.name() != null ? s.name() : id, s.bf16Dense().flopsPerSecond(),
                    s.fp8Dense() == null ? 0 : s.fp8Dense().flopsPerSecond(), s.hbmCapacity().bytes(),
                    s.hbmBandwidth().bytesPerSecond(), s.nvlinkBandwidth().bytesPerSecond(),
                    s.nvlinkEfficiency() == null ? 0.8 : s.nvlinkEfficiency(), s.tdp().watts(), s.sms());
        } catch (IllegalArgumentException e) {
            throw new ScenarioError(bound.at(path), "invalid GPU: " + e.getMessage(), null,
                    "peaks, capacity and bandwidths must be greater than 0");
        }
    }

    private static NodeType toNodeType(NodeSpec s, String id, Bound<ScenarioSpec> bound) {
        String path = "cluster.node";
        require(s.nicBandwidth(), path + ".nicBandwidth", bound);
        try {
            return new NodeType(id, s.nicsPerNode() == null ? 8 : s.nicsPerNode(), s.nicBandwidth().bytesPerSecond(),
                    s.nicEfficiency() == null ? 0.8 : s.nicEfficiency(),
                    s.nicLatency() == null ? 2.8e-6 : s.nicLatency().seconds(),
                    s.nvlinkLatency() == null ? 3.33e-6 : s.nvlinkLatency().seconds(),
                    s.serverOverheadPower() == null ? 0 : s.serverOverheadPower().watts());
        } catch (IllegalArgumentException e) {
            throw new ScenarioError(bound.at(path), "invalid node: " + e.getMessage(), null,
                    "NIC bandwidth must be greater than 0");
        }
    }

    private static void require(Object value, String path, Bound<ScenarioSpec> bound) {
        if (value == null) {
            throw new ScenarioError(bound.at(path), "missing '" + path + "'", null,
                    "set it, or start from a preset, e.g. 'preset: H800'");
        }
    }

    /** Wraps a location-free user error raised while using a scenario value. */
    public static ScenarioError locate(UserError error, Bound<?> bound, String path) {
        return ScenarioError.at(bound.at(path), null, error);
    }
}

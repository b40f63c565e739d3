package org.clustersim.scenario.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.source.Node.ListNode;
import org.clustersim.scenario.source.Node.MapNode;

/** Deep merge of located trees ({@code extends}) and dotted-path overrides ({@code --set}). Locations are kept. */
public final class NodeMerge {

    private NodeMerge() {
    }

    /** {@code top} over {@code base}: mappings merge key by key, anything else (lists, scalars) replaces. */
    public static Node merge(Node base, Node top) {
        if (base instanceof MapNode b && top instanceof MapNode t) {
            Map<String, Node> entries = new LinkedHashMap<>(b.entries());
            Map<String, SourceLocation> keys = new LinkedHashMap<>(b.keyLocations());
            for (Map.Entry<String, Node> e : t.entries().entrySet()) {
                Node previous = entries.get(e.getKey());
                entries.put(e.getKey(), previous == null ? e.getValue() : merge(previous, e.getValue()));
                keys.put(e.getKey(), t.keyLocation(e.getKey()));
            }
            return new MapNode(t.location(), entries, keys);
        }
        return top;
    }

    /** A copy of {@code map} without {@code key}. */
    public static MapNode without(MapNode map, String key) {
        Map<String, Node> entries = new LinkedHashMap<>(map.entries());
        Map<String, SourceLocation> keys = new LinkedHashMap<>(map.keyLocations());
        entries.remove(key);
        keys.remove(key);
        return new MapNode(map.location(), entries, keys);
    }

    /**
     * Sets {@code value} at a dotted path such as {@code cluster.nodes} or {@code training.phases[0].tokens}, creating
     * mappings on the way. Whether the path names a real key is checked later by the binder, with a suggestion.
     */
    public static MapNode set(MapNode root, String path, Node value, SourceLocation at) {
        List<String> segments = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            if (part.isEmpty()) {
                throw new ScenarioError(at, "empty key in path '" + path + "'", path,
                        "write a dotted path such as cluster.nodes=512");
            }
            segments.add(part);
        }
        return (MapNode) setIn(root, segments, 0, value, at, path);
    }

    private static Node setIn(Node node, List<String> segments, int index, Node value, SourceLocation at,
                              String path) {
        if (index == segments.size()) {
            return value;
        }
        String segment = segments.get(index);
        int listIndex = -1;
        int bracket = segment.indexOf('[');
        if (bracket >= 0) {
            if (!segment.endsWith("]")) {
                throw new ScenarioError(at, "bad index in '" + segment + "'", path, "write e.g. phases[0]");
            }
            try {
                listIndex = Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1));
            } catch (NumberFormatException e) {
                throw new ScenarioError(at, "bad index in '" + segment + "'", path, "write e.g. phases[0]");
            }
            segment = segment.substring(0, bracket);
        }
        MapNode map;
        if (node instanceof MapNode m) {
            map = m;
        } else if (node == null) {
            map = new MapNode(at, Map.of(), Map.of());
        } else if (node instanceof Node.ScalarNode scalar && scalar.type() == Node.ScalarType.STRING) {
            // A section written as a preset name (gpu: H800, model: deepseek-v3) is shorthand for {preset: NAME}, so
            // overriding a field inside it keeps the preset: --set model.layers=48.
            map = new MapNode(scalar.location(), Map.of("preset", scalar), Map.of("preset", scalar.location()));
        } else {
            throw new ScenarioError(at, "'" + String.join(".", segments.subList(0, index)) + "' is not a section",
                    path, "override a key inside a section, e.g. cluster.nodes=512");
        }
        Node child = map.get(segment);
        Node replaced;
        if (listIndex >= 0) {
            if (!(child instanceof ListNode list) || listIndex >= list.items().size()) {
                int size = child instanceof ListNode l ? l.items().size() : 0;
                throw new ScenarioError(at, "no item " + listIndex + " in '" + segment + "' (it has " + size + ")",
                        path, "indices start at 0");
            }
            List<Node> items = new ArrayList<>(list.items());
            items.set(listIndex, setIn(items.get(listIndex), segments, index + 1, value, at, path));
            replaced = new ListNode(list.location(), items);
        } else {
            replaced = setIn(child, segments, index + 1, value, at, path);
        }
        Map<String, Node> entries = new LinkedHashMap<>(map.entries());
        Map<String, SourceLocation> keys = new LinkedHashMap<>(map.keyLocations());
        entries.put(segment, replaced);
        keys.put(segment, at);
        return new MapNode(map.location(), entries, keys);
    }
}

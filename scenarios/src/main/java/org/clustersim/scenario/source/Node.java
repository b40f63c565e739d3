package org.clustersim.scenario.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed scenario document that remembers where every key and value came from, so that any later error (a unit
 * mistake, an impossible plan) can name file, line and column, even after {@code extends} and {@code --set} merged
 * several sources into one tree. Jackson's own trees drop locations, which is why this small tree exists.
 */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

    SourceLocation location();

    /** A short human description of the node's shape, for "expected X, got Y" messages. */
    String describe();

    /** A mapping; keys keep file order. {@code keyLocations} points at each key rather than its value. */
    record MapNode(SourceLocation location, Map<String, Node> entries, Map<String, SourceLocation> keyLocations)
            implements Node {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLocations = Collections.unmodifiableMap(new LinkedHashMap<>(keyLocations));
        }

        public Node get(String key) {
            return entries.get(key);
        }

        public SourceLocation keyLocation(String key) {
            return keyLocations.getOrDefault(key, location);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record ListNode(SourceLocation location, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** The kind YAML gave a scalar: {@code 8} is a number, {@code "8"} a string, {@code ~} null. */
    enum ScalarType { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    record ScalarNode(SourceLocation location, String text, ScalarType type) implements Node {
        @Override
        public String describe() {
            return switch (type) {
                case STRING -> "the text '" + text + "'";
                case INTEGER, DECIMAL -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "null";
            };
        }

        public boolean isNull() {
            return type == ScalarType.NULL;
        }
    }
}

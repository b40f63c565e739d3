package org.clustersim.scenario.source;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.source.Node.ListNode;
import org.clustersim.scenario.source.Node.MapNode;
import org.clustersim.scenario.source.Node.ScalarNode;
import org.clustersim.scenario.source.Node.ScalarType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads a YAML or JSON scenario document into a located {@link Node} tree, refusing cheaply what cannot be a scenario:
 * a missing, empty or oversized file, malformed syntax, duplicate keys, YAML aliases (which also shuts out alias
 * bombs: nothing is ever expanded), nesting deeper than any scenario needs, or more values than any scenario has.
 */
public final class NodeReader {

    /** Scenario files are hand-written; a megabyte is already absurd, and checking size first keeps 50 MB files cheap. */
    public static final long MAX_FILE_BYTES = 1L << 20;
    static final int MAX_NESTING_DEPTH = 40;
    static final int MAX_NODES = 100_000;

    private static final Pattern SNAKE_MARK = Pattern.compile("line (\\d+), column (\\d+)");

    private final YAMLFactory yaml;
    private final JsonFactory json;

    public NodeReader() {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(64 * 1024)
                .maxNumberLength(64)
                .maxDocumentLength(MAX_FILE_BYTES)
                .build();
        this.yaml = YAMLFactory.builder().streamReadConstraints(constraints).build();
        this.json = JsonFactory.builder().streamReadConstraints(constraints).build();
    }

    /** Reads a file; {@code referencedFrom} is where the path was named (command line or an {@code extends} key). */
    public MapNode readFile(Path path, SourceLocation referencedFrom) {
        String name = path.toString();
        long size;
        try {
            if (Files.isDirectory(path)) {
                throw new ScenarioError(referencedFrom, "'" + name + "' is a directory, not a scenario file", name,
                        "name a .yaml or .json file");
            }
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new ScenarioError(referencedFrom, "file not found: " + name, name,
                    "check the path; it is resolved against " + resolveBase(path));
        } catch (IOException e) {
            throw new ScenarioError(referencedFrom, "cannot read " + name + ": " + e.getMessage(), name,
                    "check the file's permissions");
        }
        if (size > MAX_FILE_BYTES) {
            throw new ScenarioError(SourceLocation.startOf(name),
                    String.format(Locale.ROOT, "file is %.1f MB; scenario files are limited to %d KiB",
                            size / 1e6, MAX_FILE_BYTES / 1024),
                    name, "a scenario is a few hundred lines; use 'extends' and presets instead of generated bulk");
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(path);
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ScenarioError(SourceLocation.startOf(name), "file is not UTF-8 text", name,
                    "save the scenario as UTF-8");
        } catch (IOException e) {
            throw new ScenarioError(referencedFrom, "cannot read " + name + ": " + e.getMessage(), name,
                    "check the file's permissions");
        }
        boolean isJson = name.toLowerCase(Locale.ROOT).endsWith(".json");
        Node root = read(text, name, isJson);
        if (!(root instanceof MapNode map)) {
            throw new ScenarioError(root.location(), "a scenario file must be a mapping of sections", root.describe(),
                    "start with 'name:', 'cluster:', 'model:' ... at the top level");
        }
        return map;
    }

    /** Reads a document held in memory (a catalog resource), which must be a mapping. */
    public MapNode readFile(String text, String sourceName) {
        Node root = read(text, sourceName, false);
        if (!(root instanceof MapNode map)) {
            throw new ScenarioError(root.location(), "expected a mapping", root.describe(), "");
        }
        return map;
    }

    /** Reads text (a file's content, or a {@code --set} value) as YAML or JSON. */
    public Node read(String text, String sourceName, boolean isJson) {
        if (text.isBlank() || text.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
            throw new ScenarioError(SourceLocation.startOf(sourceName), "file is empty", "",
                    "a scenario needs at least 'name' and 'cluster'; see scenarios/examples/");
        }
        TokenStreamFactory factory = isJson ? json : yaml;
        try (Reader reader = new StringReader(text);
             JsonParser parser = factory.createParser(ObjectReadContext.empty(), reader)) {
            Builder builder = new Builder(parser, sourceName);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ScenarioError(SourceLocation.startOf(sourceName), "file is empty", "",
                        "a scenario needs at least 'name' and 'cluster'");
            }
            Node root = builder.value(first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new ScenarioError(builder.location(), "more than one document in the file", trailing.asString(),
                        "a scenario file holds one YAML document; remove the '---' separator");
            }
            return root;
        } catch (JacksonException e) {
            throw malformed(e, sourceName, isJson);
        } catch (IOException e) {
            throw new ScenarioError(SourceLocation.startOf(sourceName), "cannot read: " + e.getMessage(), null, "");
        }
    }

    private static ScenarioError malformed(JacksonException e, String sourceName, boolean isJson) {
        String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int line = 1;
        int column = 1;
        TokenStreamLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            line = location.getLineNr();
            column = Math.max(1, location.getColumnNr());
        }
        // SnakeYAML puts the precise problem mark in its text; the last mark is where it gave up.
        Matcher mark = SNAKE_MARK.matcher(original);
        while (mark.find()) {
            line = Integer.parseInt(mark.group(1));
            column = Integer.parseInt(mark.group(2));
        }
        List<String> problem = new ArrayList<>();
        for (String l : original.split("\n")) {
            String t = l.strip();
            if (!t.isEmpty() && !l.startsWith(" ") && !t.startsWith("in reader") && !t.startsWith("^")
                    && !t.startsWith("at [")) {
                problem.add(t);
            }
        }
        String message = "malformed " + (isJson ? "JSON" : "YAML") + ": "
                + (problem.isEmpty() ? original.strip() : String.join("; ", problem));
        String hint = original.contains("TAB") ? "indent with spaces, not tabs"
                : original.contains("nesting depth") ? "scenarios nest a few levels; flatten the structure"
                : "check brackets, quotes, colons and indentation around this place";
        return new ScenarioError(new SourceLocation(sourceName, line, column), message, null, hint, e);
    }

    private static String resolveBase(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? "the current directory" : parent.toString();
    }

    /** Builds nodes from the token stream, counting them so that no document can make the tree explode. */
    private static final class Builder {
        private final JsonParser parser;
        private final String source;
        private int nodes;

        Builder(JsonParser parser, String source) {
            this.parser = parser;
            this.source = source;
        }

        SourceLocation location() {
            TokenStreamLocation l = parser.currentTokenLocation();
            return new SourceLocation(source, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
        }

        Node value(JsonToken token) {
            if (++nodes > MAX_NODES) {
                throw new ScenarioError(location(), "document has more than " + MAX_NODES + " values", null,
                        "a scenario has a few hundred values; use sweeps for many variants");
            }
            SourceLocation at = location();
            if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
                throw new ScenarioError(at, "YAML aliases are not supported in scenario files",
                        "*" + parser.getString(), "repeat the value, or put shared parts in a base file and use 'extends'");
            }
            return switch (token) {
                case START_OBJECT -> map(at);
                case START_ARRAY -> list(at);
                case VALUE_STRING -> new ScalarNode(at, parser.getString(), ScalarType.STRING);
                case VALUE_NUMBER_INT -> new ScalarNode(at, parser.getText(), ScalarType.INTEGER);
                case VALUE_NUMBER_FLOAT -> new ScalarNode(at, parser.getText(), ScalarType.DECIMAL);
                case VALUE_TRUE, VALUE_FALSE -> new ScalarNode(at, parser.getText(), ScalarType.BOOLEAN);
                case VALUE_NULL -> new ScalarNode(at, "null", ScalarType.NULL);
                default -> throw new ScenarioError(at, "unexpected " + token, parser.getText(),
                        "this is not a value a scenario can hold");
            };
        }

        private MapNode map(SourceLocation at) {
            Map<String, Node> entries = new LinkedHashMap<>();
            Map<String, SourceLocation> keyLocations = new LinkedHashMap<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
                if (token != JsonToken.PROPERTY_NAME) {
                    throw new ScenarioError(location(), "expected a key", parser.getText(), "");
                }
                String key = parser.currentName();
                SourceLocation keyAt = location();
                if (entries.containsKey(key)) {
                    throw new ScenarioError(keyAt, "duplicate key '" + key + "'", key,
                            "it is already set at line " + keyLocations.get(key).line() + "; keep one");
                }
                keyLocations.put(key, keyAt);
                entries.put(key, value(parser.nextToken()));
            }
            return new MapNode(at, entries, keyLocations);
        }

        private ListNode list(SourceLocation at) {
            List<Node> items = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                items.add(value(token));
            }
            return new ListNode(at, items);
        }
    }
}

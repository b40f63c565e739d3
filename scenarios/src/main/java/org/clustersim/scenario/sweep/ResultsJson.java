package org.clustersim.scenario.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The line formats of a results file: a {@code "record": "sweep"} header, then one {@code "record": "point"} line
 * per finished point. Field names carry their units; NaN is written as null.
 */
public final class ResultsJson {

    private final JsonMapper mapper = JsonMapper.builder().build();

    /** The header line (no newline). */
    public String header(SweepHeader h) {
        ObjectNode o = mapper.createObjectNode();
        o.put("record", "sweep");
        o.put("sweepId", h.sweepId());
        o.put("name", h.name());
        o.put("base", h.base());
        ArrayNode set = o.putArray("set");
        h.set().forEach(set::add);
        o.put("points", h.points());
        ArrayNode axes = o.putArray("axes");
        for (Axis axis : h.axes()) {
            ObjectNode a = axes.addObject();
            a.put("path", axis.path());
            ArrayNode values = a.putArray("values");
            axis.values().forEach(values::add);
            a.put("origin", axis.origin());
        }
        ArrayNode dims = o.putArray("dimensions");
        for (List<Integer> d : h.dimensions()) {
            ArrayNode dim = dims.addArray();
            d.forEach(dim::add);
        }
        if (h.shard() == null) {
            o.putNull("shard");
        } else {
            o.put("shard", h.shard());
        }
        o.put("toolVersion", h.toolVersion());
        return mapper.writeValueAsString(o);
    }

    /** A point line (no newline). */
    public String point(PointResult p) {
        ObjectNode o = mapper.createObjectNode();
        o.put("record", "point");
        o.put("sweepId", p.sweepId());
        o.put("point", p.point());
        ObjectNode overrides = o.putObject("overrides");
        p.overrides().forEach(overrides::put);
        o.put("seed", p.seed());
        o.put("scenarioHash", p.scenarioHash());
        o.put("toolVersion", p.toolVersion());
        o.put("status", p.status().spelling());
        if (p.reason() == null) {
            o.putNull("reason");
        } else {
            o.put("reason", p.reason());
        }
        if (p.stepPhase() == null) {
            o.putNull("stepPhase");
        } else {
            o.put("stepPhase", p.stepPhase());
        }
        number(o, "stepTimeSeconds", p.stepTimeSeconds());
        number(o, "tokensPerSecond", p.tokensPerSecond());
        number(o, "mfu", p.mfu());
        if (p.status() == PointResult.Status.OK) {
            o.put("gpus", p.gpus());
        } else {
            o.putNull("gpus");
        }
        number(o, "timeSeconds", p.timeSeconds());
        number(o, "days", p.days());
        number(o, "gpuHours", p.gpuHours());
        number(o, "goodput", p.goodput());
        number(o, "rentalUsd", p.rentalUsd());
        number(o, "ownershipUsd", p.ownershipUsd());
        number(o, "elapsedSeconds", p.elapsedSeconds());
        return mapper.writeValueAsString(o);
    }

    private static void number(ObjectNode o, String name, double value) {
        if (Double.isFinite(value)) {
            o.put(name, value);
        } else {
            o.putNull(name);
        }
    }

    /** A parsed line: a header or a point. */
    public sealed interface Line permits HeaderLine, PointLine {
    }

    public record HeaderLine(SweepHeader header) implements Line {
    }

    public record PointLine(PointResult point) implements Line {
    }

    /** Parses one line; throws {@link IllegalArgumentException} when it is not a well-formed record. */
    public Line parse(String line) {
        JsonNode o;
        try {
            o = mapper.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String record = text(o, "record");
        if ("sweep".equals(record)) {
            List<Axis> axes = new ArrayList<>();
            for (JsonNode a : array(o, "axes")) {
                List<String> values = new ArrayList<>();
                for (JsonNode v : array(a, "values")) {
                    values.add(v.asString());
                }
                axes.add(new Axis(text(a, "path"), values, a.path("origin").asString("")));
            }
            List<List<Integer>> dims = new ArrayList<>();
            for (JsonNode d : array(o, "dimensions")) {
                List<Integer> dim = new ArrayList<>();
                for (JsonNode i : d) {
                    dim.add(i.asInt());
                }
                dims.add(dim);
            }
            List<String> set = new ArrayList<>();
            for (JsonNode s : array(o, "set")) {
                set.add(s.asString());
            }
            JsonNode shard = o.get("shard");
            return new HeaderLine(new SweepHeader(text(o, "sweepId"), text(o, "name"), text(o, "base"), set,
                    integer(o, "points"), axes, dims, shard == null || shard.isNull() ? null : shard.asString(),
                    text(o, "toolVersion")));
        }
        if ("point".equals(record)) {
            Map<String, String> overrides = new LinkedHashMap<>();
            JsonNode ov = o.get("overrides");
            if (ov == null || !ov.isObject()) {
                throw new IllegalArgumentException("point without overrides");
            }
            for (Map.Entry<String, JsonNode> e : ov.properties()) {
                overrides.put(e.getKey(), e.getValue().asString());
            }
            PointResult.Status status = PointResult.Status.of(text(o, "status"));
            JsonNode gpus = o.get("gpus");
            return new PointLine(new PointResult(text(o, "sweepId"), integer(o, "point"), overrides,
                    o.path("seed").asLong(1), o.path("scenarioHash").asString(null), text(o, "toolVersion"), status,
                    nullableText(o, "reason"), nullableText(o, "stepPhase"), dbl(o, "stepTimeSeconds"),
                    dbl(o, "tokensPerSecond"), dbl(o, "mfu"), gpus == null || gpus.isNull() ? 0 : gpus.asInt(),
                    dbl(o, "timeSeconds"), dbl(o, "gpuHours"), dbl(o, "goodput"), dbl(o, "rentalUsd"),
                    dbl(o, "ownershipUsd"), dbl(o, "elapsedSeconds")));
        }
        throw new IllegalArgumentException("unknown record '" + record + "'");
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("missing '" + name + "'");
        }
        return v.asString();
    }

    private static String nullableText(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static int integer(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("missing '" + name + "'");
        }
        return v.asInt();
    }

    private static double dbl(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static Iterable<JsonNode> array(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("missing '" + name + "'");
        }
        return v;
    }
}

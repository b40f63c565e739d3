package org.clustersim.scenario.schema;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Set;
import org.clustersim.scenario.bind.Binder;
import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.PricePer;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.Required;
import org.clustersim.scenario.bind.ScalarForm;
import org.clustersim.scenario.spec.ScenarioSpec;
import org.clustersim.units.Bandwidth;
import org.clustersim.units.Count;
import org.clustersim.units.DataSize;
import org.clustersim.units.Duration;
import org.clustersim.units.FlopRate;
import org.clustersim.units.Money;
import org.clustersim.units.Power;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schema (draft 7) of the scenario format, generated from the same records the binder fills, so the schema and
 * the parser cannot drift. Editors use it for completion and checking through a
 * {@code # yaml-language-server: $schema=...} first line.
 */
public final class SchemaGenerator {

    /** Patterns accepted for quantities; looser than the parsers (which give the precise error) but catch typos. */
    static final String NUMBER = "[+-]?(\\d+(_\\d+)*(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?";

    private final JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public ObjectNode scenarioSchema(Set<String> gpuPresets, Set<String> nodePresets) {
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("$id", "https://clustersim.org/schema/scenario.json");
        root.put("title", "clustersim scenario");
        ObjectNode definitions = root.putObject("definitions");
        ObjectNode body = recordSchema(ScenarioSpec.class, definitions);
        // A file that extends another gets its required sections from the base: require them only without extends.
        tools.jackson.databind.JsonNode required = body.remove("required");
        root.setAll(body);
        if (required != null) {
            ObjectNode condition = root.putObject("if");
            condition.putObject("not").putArray("required").add("extends");
            root.putObject("then").set("required", required);
        }
        // Presets are listed as examples so editors offer them, without forbidding custom names in overrides.
        ObjectNode gpu = (ObjectNode) definitions.get("GpuSpec");
        if (gpu != null) {
            ArrayNode examples = gpu.putArray("examples");
            gpuPresets.forEach(examples::add);
        }
        ObjectNode node = (ObjectNode) definitions.get("NodeSpec");
        if (node != null) {
            ArrayNode examples = node.putArray("examples");
            nodePresets.forEach(examples::add);
        }
        return root;
    }

    public String scenarioSchemaJson(Set<String> gpuPresets, Set<String> nodePresets) {
        return mapper.writeValueAsString(scenarioSchema(gpuPresets, nodePresets));
    }

    private ObjectNode recordSchema(Class<?> type, ObjectNode definitions) {
        ObjectNode schema = mapper.createObjectNode();
        schema.put("type", "object");
        Doc doc = type.getAnnotation(Doc.class);
        if (doc != null) {
            schema.put("description", doc.value());
        }
        schema.put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = mapper.createArrayNode();
        for (RecordComponent c : type.getRecordComponents()) {
            String key = Binder.keyOf(c);
            ObjectNode property = typeSchema(c.getGenericType(), c, definitions);
            Doc d = c.getAnnotation(Doc.class);
            if (d != null) {
                property.put("description", d.value());
            }
            properties.set(key, property);
            if (c.isAnnotationPresent(Required.class)) {
                required.add(key);
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private ObjectNode typeSchema(Type type, RecordComponent component, ObjectNode definitions) {
        ObjectNode s = mapper.createObjectNode();
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        Range range = component == null ? null : component.getAnnotation(Range.class);
        if (raw == String.class) {
            s.put("type", "string");
        } else if (raw == Integer.class || raw == Long.class) {
            s.put("type", "integer");
            applyRange(s, range);
        } else if (raw == Double.class) {
            s.put("type", "number");
            applyRange(s, range);
        } else if (raw == Boolean.class) {
            s.put("type", "boolean");
        } else if (raw.isEnum()) {
            s.put("type", "string");
            ArrayNode values = s.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(Binder.spelling((Enum<?>) constant));
            }
        } else if (raw == Count.class) {
            ArrayNode anyOf = s.putArray("anyOf");
            anyOf.addObject().put("type", "number").put("minimum", 0);
            anyOf.addObject().put("type", "string").put("pattern", "^\\s*" + NUMBER + "\\s*[KkMBGT]?\\s*$");
        } else if (raw == Money.class) {
            PricePer per = component == null ? null : component.getAnnotation(PricePer.class);
            String suffix = per == null ? "" : "\\s*/\\s*\\S.*";
            s.put("type", "string");
            s.put("pattern", "^\\s*(\\$|USD)?\\s*" + NUMBER + "\\s*[KMB]?\\s*(USD)?" + suffix + "\\s*$");
        } else if (raw == Bandwidth.class || raw == Duration.class || raw == DataSize.class || raw == Power.class
                || raw == FlopRate.class) {
            s.put("type", "string");
            s.put("pattern", "^\\s*" + NUMBER + "\\s*[A-Za-zµ][A-Za-z0-9µ/-]*\\s*$");
        } else if (raw == java.util.List.class) {
            s.put("type", "array");
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            s.set("items", typeSchema(element, null, definitions));
        } else if (raw == java.util.Map.class) {
            s.put("type", "object");
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            s.set("additionalProperties", typeSchema(value, null, definitions));
        } else if (raw.isRecord()) { // quantities (also records) are handled above
            String name = raw.getSimpleName();
            if (!definitions.has(name)) {
                definitions.putObject(name); // placeholder against recursion
                definitions.set(name, recordSchema(raw, definitions));
            }
            ScalarForm scalarForm = raw.getAnnotation(ScalarForm.class);
            if (scalarForm != null) {
                ArrayNode oneOf = s.putArray("oneOf");
                oneOf.addObject().put("type", "string").put("description", "a preset id");
                oneOf.addObject().put("$ref", "#/definitions/" + name);
            } else {
                s.put("$ref", "#/definitions/" + name);
            }
        } else {
            throw new IllegalStateException("no schema for " + raw);
        }
        return s;
    }

    private static void applyRange(ObjectNode s, Range range) {
        if (range == null) {
            return;
        }
        if (range.min() != Double.NEGATIVE_INFINITY) {
            s.put("minimum", range.min());
        }
        if (range.max() != Double.POSITIVE_INFINITY) {
            s.put("maximum", range.max());
        }
    }
}

package org.clustersim.scenario.bind;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.clustersim.error.UserError;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.source.Node;
import org.clustersim.scenario.source.Node.ListNode;
import org.clustersim.scenario.source.Node.MapNode;
import org.clustersim.scenario.source.Node.ScalarNode;
import org.clustersim.scenario.source.Node.ScalarType;
import org.clustersim.scenario.source.SourceLocation;
import org.clustersim.scenario.source.Suggestions;
import org.clustersim.units.Bandwidth;
import org.clustersim.units.Count;
import org.clustersim.units.DataSize;
import org.clustersim.units.Duration;
import org.clustersim.units.FlopRate;
import org.clustersim.units.Money;
import org.clustersim.units.Money.PriceUnit;
import org.clustersim.units.Power;

/**
 * Binds a located {@link Node} tree to immutable records, strictly: an unknown key, a value of the wrong type, a
 * value without its unit or outside its range is a {@link ScenarioError} at that value's file, line and column. Absent
 * optional keys bind to null in these file-shaped records; resolution (presets, defaults) happens afterwards.
 *
 * <p>Jackson parses the text; binding is ours because Jackson's data binding loses locations once files are merged.
 */
public final class Binder {

    /** Quantity types read from text with units, each with the name used in messages and the schema. */
    static final Map<Class<?>, Function<String, ?>> QUANTITIES = new LinkedHashMap<>();

    static {
        QUANTITIES.put(Bandwidth.class, Bandwidth::parse);
        QUANTITIES.put(Duration.class, Duration::parse);
        QUANTITIES.put(DataSize.class, DataSize::parse);
        QUANTITIES.put(Count.class, Count::parse);
        QUANTITIES.put(Power.class, Power::parse);
        QUANTITIES.put(FlopRate.class, FlopRate::parse);
    }

    private final Map<String, SourceLocation> locations = new LinkedHashMap<>();

    private Binder() {
    }

    /** Binds {@code root} (a mapping) to {@code type}. */
    public static <T extends Record> Bound<T> bind(MapNode root, Class<T> type) {
        Binder binder = new Binder();
        T value = type.cast(binder.bindValue(root, type, "", null));
        return new Bound<>(value, binder.locations, root.location());
    }

    private Object bindValue(Node node, Type type, String path, RecordComponent component) {
        if (node instanceof ScalarNode scalar && scalar.isNull()) {
            return null;
        }
        locations.put(path, node.location());
        Class<?> raw = rawClass(type);
        if (raw.isRecord() && !QUANTITIES.containsKey(raw) && raw != Money.class) {
            return bindRecord(node, raw, path);
        }
        if (raw == List.class) {
            if (!(node instanceof ListNode list)) {
                throw wrongType(node, path, "a list");
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                Object item = bindValue(list.items().get(i), element, path + "[" + i + "]", component);
                if (item == null) {
                    throw new ScenarioError(list.items().get(i).location(), "empty item in '" + path + "'", "null",
                            "remove it or give it a value");
                }
                items.add(item);
            }
            return List.copyOf(items);
        }
        if (raw == Map.class) {
            if (!(node instanceof MapNode map)) {
                throw wrongType(node, path, "a mapping");
            }
            Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : map.entries().entrySet()) {
                String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                locations.put(childPath, map.keyLocation(e.getKey()));
                Object v = bindValue(e.getValue(), valueType, childPath, component);
                if (v != null) {
                    values.put(e.getKey(), v);
                }
            }
            return java.util.Collections.unmodifiableMap(values);
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw wrongType(node, path, expected(raw, component));
        }
        Object value = bindScalar(scalar, raw, path, component);
        checkRange(scalar, value, path, component);
        return value;
    }

    private Object bindRecord(Node node, Class<?> type, String path) {
        MapNode map;
        ScalarForm scalarForm = type.getAnnotation(ScalarForm.class);
        if (node instanceof ScalarNode scalar && scalarForm != null) {
            map = new MapNode(scalar.location(), Map.of(scalarForm.value(), scalar),
                    Map.of(scalarForm.value(), scalar.location()));
        } else if (node instanceof MapNode m) {
            map = m;
        } else {
            String expected = scalarForm != null ? "a mapping or a preset name" : "a mapping";
            throw wrongType(node, path, expected);
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            byName.put(keyOf(c), c);
        }
        for (String key : map.entries().keySet()) {
            if (!byName.containsKey(key)) {
                String where = path.isEmpty() ? "at the top level" : "in '" + path + "'";
                throw new ScenarioError(map.keyLocation(key), "unknown key '" + key + "' " + where, key,
                        Suggestions.hint(key, byName.keySet()));
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String key = keyOf(c);
            String childPath = path.isEmpty() ? key : path + "." + key;
            Node child = map.get(key);
            if (child != null) {
                locations.put(childPath, map.keyLocation(key));
                args[i] = bindValue(child, c.getGenericType(), childPath, c);
                locations.put(childPath, child.location());
            }
            if (args[i] == null && c.isAnnotationPresent(Required.class)) {
                throw new ScenarioError(child != null ? child.location() : map.location(),
                        "missing required key '" + childPath + "'", null,
                        "add '" + key + ":'" + describeDoc(c));
            }
            if (args[i] == null && c.getType().isPrimitive()) {
                throw new IllegalStateException("record " + type.getName() + " must use boxed types: " + c.getName());
            }
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UserError userError) {
                throw ScenarioError.at(map.location(), path, userError);
            }
            if (cause instanceof IllegalArgumentException bad) {
                throw new ScenarioError(map.location(), "invalid '" + (path.isEmpty() ? "scenario" : path) + "': "
                        + bad.getMessage(), null, "fix the values in this section");
            }
            throw new IllegalStateException("cannot construct " + type.getName(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    /** The file key of a component: its name, less a trailing '_' that dodges a Java keyword ({@code extends_}). */
    public static String keyOf(RecordComponent c) {
        String name = c.getName();
        return name.endsWith("_") ? name.substring(0, name.length() - 1) : name;
    }

    private static String describeDoc(RecordComponent c) {
        Doc doc = c.getAnnotation(Doc.class);
        return doc == null ? "" : " (" + doc.value() + ")";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object bindScalar(ScalarNode scalar, Class<?> raw, String path, RecordComponent component) {
        String text = scalar.text();
        ScalarType kind = scalar.type();
        if (raw == String.class) {
            return text;
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            if (kind != ScalarType.INTEGER) {
                throw wrongType(scalar, path, "a whole number");
            }
            try {
                long v = Long.parseLong(text.replace("_", ""));
                if (raw == Long.class || raw == long.class) {
                    return v;
                }
                if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                    throw new NumberFormatException();
                }
                return (int) v;
            } catch (NumberFormatException e) {
                throw new ScenarioError(scalar.location(), "number out of range for '" + path + "'", text,
                        "use a smaller number");
            }
        }
        if (raw == Double.class || raw == double.class) {
            if (kind != ScalarType.INTEGER && kind != ScalarType.DECIMAL) {
                throw wrongType(scalar, path, "a number");
            }
            double v;
            try {
                v = Double.parseDouble(text.replace("_", ""));
            } catch (NumberFormatException e) { // YAML's .inf and .nan are numbers to the parser, not to Java
                v = Double.NaN;
            }
            if (!Double.isFinite(v)) {
                throw new ScenarioError(scalar.location(), "'" + path + "' must be a finite number", text, "");
            }
            return v;
        }
        if (raw == Boolean.class || raw == boolean.class) {
            if (kind != ScalarType.BOOLEAN) {
                throw wrongType(scalar, path, "true or false");
            }
            return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
        }
        if (raw.isEnum()) {
            if (kind != ScalarType.STRING) {
                throw wrongType(scalar, path, "one of " + enumSpellings((Class) raw));
            }
            for (Object constant : raw.getEnumConstants()) {
                if (spelling((Enum<?>) constant).equals(normalise(text))) {
                    return constant;
                }
            }
            throw new ScenarioError(scalar.location(), "unknown value '" + text + "' for '" + path + "'", text,
                    Suggestions.hint(text, enumSpellings((Class) raw)));
        }
        if (raw == Money.class) {
            PricePer per = component == null ? null : component.getAnnotation(PricePer.class);
            PriceUnit unit = per == null ? PriceUnit.NONE : per.value();
            if (kind != ScalarType.STRING) {
                throw new ScenarioError(scalar.location(), "'" + path + "' needs a currency", text,
                        "write e.g. " + (unit == PriceUnit.NONE ? "$" + text : "$" + text + "/" + unit.spelling()));
            }
            try {
                return Money.parse(text, unit);
            } catch (UserError e) {
                throw ScenarioError.at(scalar.location(), text, e);
            }
        }
        Function<String, ?> parser = QUANTITIES.get(raw);
        if (parser != null) {
            if (kind == ScalarType.BOOLEAN) {
                throw wrongType(scalar, path, expected(raw, component));
            }
            try {
                return parser.apply(text);
            } catch (UserError e) {
                throw new ScenarioError(scalar.location(), e.getMessage() + " for '" + path + "'", text, e.hint(), e);
            } catch (IllegalArgumentException e) {
                throw new ScenarioError(scalar.location(), "invalid value for '" + path + "': " + e.getMessage(),
                        text, "values must be finite and not negative");
            }
        }
        throw new IllegalStateException("no binding for type " + raw.getName() + " at " + path);
    }

    private static void checkRange(ScalarNode scalar, Object value, String path, RecordComponent component) {
        Range range = component == null ? null : component.getAnnotation(Range.class);
        if (range == null || value == null) {
            return;
        }
        double v = baseValue(value);
        if (v < range.min() || v > range.max()) {
            String bounds;
            if (range.max() == Double.POSITIVE_INFINITY) {
                bounds = "at least " + fmt(range.min());
            } else if (range.min() == Double.NEGATIVE_INFINITY) {
                bounds = "at most " + fmt(range.max());
            } else {
                bounds = "between " + fmt(range.min()) + " and " + fmt(range.max());
            }
            throw new ScenarioError(scalar.location(), "'" + path + "' is out of range", scalar.text(),
                    "must be " + bounds + (value instanceof Number ? "" : " (in base units)"));
        }
    }

    /** A number or quantity in its base unit, for range checks. */
    static double baseValue(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Bandwidth b) {
            return b.bytesPerSecond();
        }
        if (value instanceof Duration d) {
            return d.seconds();
        }
        if (value instanceof DataSize s) {
            return s.bytes();
        }
        if (value instanceof Count c) {
            return c.value();
        }
        if (value instanceof Power p) {
            return p.watts();
        }
        if (value instanceof FlopRate f) {
            return f.flopsPerSecond();
        }
        if (value instanceof Money m) {
            return m.usd();
        }
        return Double.NaN;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static ScenarioError wrongType(Node node, String path, String expected) {
        String value = node instanceof ScalarNode s ? s.text() : node.describe();
        return new ScenarioError(node.location(), "'" + (path.isEmpty() ? "document" : path) + "' must be "
                + expected + ", not " + node.describe(), value, hintFor(expected));
    }

    private static String hintFor(String expected) {
        if (expected.contains("whole number")) {
            return "write a number without quotes or units, e.g. 8";
        }
        if (expected.contains("mapping")) {
            return "indent the keys of this section under it";
        }
        return "write " + expected;
    }

    /** What a value of this type looks like, for messages and the schema. */
    static String expected(Class<?> raw, RecordComponent component) {
        if (raw == Bandwidth.class) {
            return "a bandwidth with a unit (e.g. 400Gbps, 50GB/s)";
        }
        if (raw == Duration.class) {
            return "a duration with a unit (e.g. 2us, 1.5ms, 30s)";
        }
        if (raw == DataSize.class) {
            return "a data size with a unit (e.g. 80GiB, 96GB)";
        }
        if (raw == Count.class) {
            return "a count (e.g. 14.8T, 469B, 4096)";
        }
        if (raw == Power.class) {
            return "a power with a unit (e.g. 700W, 10.2kW)";
        }
        if (raw == FlopRate.class) {
            return "a FLOP rate with a unit (e.g. 989.4TFLOPS)";
        }
        if (raw == Money.class) {
            PricePer per = component == null ? null : component.getAnnotation(PricePer.class);
            return per == null ? "an amount of money (e.g. $270000)" : "a price (e.g. $2/" + per.value().spelling() + ")";
        }
        return "a " + raw.getSimpleName().toLowerCase(Locale.ROOT);
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported type " + type);
    }

    /** The spelling users write for an enum constant: lower case with dashes ({@code ZERO_BUBBLE} is zero-bubble). */
    public static String spelling(Enum<?> constant) {
        if (constant instanceof Spelled spelled) {
            return spelled.spelling();
        }
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String normalise(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    }

    static <E extends Enum<E>> List<String> enumSpellings(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(spelling(e));
        }
        return out;
    }
}

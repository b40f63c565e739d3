package org.clustersim.report;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clustersim.scenario.bind.Binder;
import org.clustersim.scenario.bind.Bound;
import org.clustersim.scenario.bind.Spelled;
import org.clustersim.scenario.source.SourceLocation;

/**
 * The scenario as the simulation saw it, after {@code extends} and {@code --set}: one line per value that was given,
 * with its key path as the file spells it, the value as a user would write it, and the file and line (or the
 * {@code --set} argument) it came from. Keys nobody wrote are left out: their defaults appear among the assumptions.
 */
public final class ResolvedScenario {

    /** One value: {@code cluster.nodes = 256}, set at {@code deepseek.yaml:12:3}. */
    public record Entry(String path, String value, String from) {
    }

    private ResolvedScenario() {
    }

    public static List<Entry> of(Bound<? extends Record> bound) {
        List<Entry> out = new ArrayList<>();
        walk(bound.value(), "", bound.locations(), out);
        return out;
    }

    private static void walk(Object value, String path, Map<String, SourceLocation> locations, List<Entry> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Record record && !isQuantity(record)) {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                Object child;
                try {
                    var accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    child = accessor.invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + c, e);
                }
                String key = Binder.keyOf(c);
                walk(child, path.isEmpty() ? key : path + "." + key, locations, out);
            }
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", locations, out);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, locations, out));
            return;
        }
        SourceLocation at = locations.get(path);
        out.add(new Entry(path, text(value), at == null ? "" : at.toString()));
    }

    /** Units and money are records with a user-facing spelling; everything else that is a record is a section. */
    private static boolean isQuantity(Record record) {
        return record.getClass().getPackageName().equals("org.clustersim.units");
    }

    private static String text(Object value) {
        if (value instanceof Spelled spelled) {
            return spelled.spelling();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        return String.valueOf(value);
    }
}

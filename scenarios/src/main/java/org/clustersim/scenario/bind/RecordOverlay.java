package org.clustersim.scenario.bind;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;

/** Lays one file-shaped record over another: every non-null component of the top wins, nested records recursively. */
public final class RecordOverlay {

    private RecordOverlay() {
    }

    public static <T extends Record> T overlay(T base, T top) {
        if (base == null) {
            return top;
        }
        if (top == null) {
            return base;
        }
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) base.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                Object b = c.getAccessor().invoke(base);
                Object t = c.getAccessor().invoke(top);
                if (t instanceof Record topRecord && b instanceof Record baseRecord) {
                    values[i] = overlayUnchecked(baseRecord, topRecord);
                } else {
                    values[i] = t != null ? t : b;
                }
            }
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot overlay " + type.getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> R overlayUnchecked(Record base, Record top) {
        return overlay((R) base, (R) top);
    }
}

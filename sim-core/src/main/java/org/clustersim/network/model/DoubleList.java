package org.clustersim.network.model;

import java.util.Arrays;

/** A growable list of doubles without boxing. */
final class DoubleList {

    private double[] values;
    private int size;

    DoubleList(int capacity) {
        values = new double[Math.max(4, capacity)];
    }

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    double get(int index) {
        return values[index];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    double[] toArray() {
        return Arrays.copyOf(values, size);
    }
}

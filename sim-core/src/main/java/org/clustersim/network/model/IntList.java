package org.clustersim.network.model;

import java.util.Arrays;

/** A growable list of ints without boxing. */
final class IntList {

    private int[] values;
    private int size;

    IntList(int capacity) {
        values = new int[Math.max(4, capacity)];
    }

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int get(int index) {
        return values[index];
    }

    void set(int index, int value) {
        values[index] = value;
    }

    void ensureCapacity(int capacity) {
        if (values.length < capacity) {
            values = Arrays.copyOf(values, capacity);
        }
    }

    int removeLast() {
        return values[--size];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}

package org.clustersim.engine;

import java.util.Arrays;

/**
 * A 4-ary min-heap over parallel primitive arrays (time, sequence, payload). A 4-ary heap halves the depth of a binary
 * heap and keeps the four children of a node on one or two cache lines, which measured about 3x SSJ's splay tree
 * at 10^5 pending events (see benchmarks/README.md). No object is allocated per entry.
 */
public final class QuaternaryHeap implements PendingEventSet {

    private static final int ARITY = 4;

    private long[] times;
    private long[] sequences;
    private int[] payloads;
    private int size;

    public QuaternaryHeap() {
        this(1024);
    }

    public QuaternaryHeap(int initialCapacity) {
        int capacity = Math.max(4, initialCapacity);
        times = new long[capacity];
        sequences = new long[capacity];
        payloads = new int[capacity];
    }

    @Override
    public void add(long timeNs, long sequence, int payload) {
        if (size == times.length) {
            grow();
        }
        int index = size++;
        // Sift up: move parents down until the new entry's place is found, then write it once.
        while (index > 0) {
            int parent = (index - 1) / ARITY;
            if (!less(timeNs, sequence, times[parent], sequences[parent])) {
                break;
            }
            times[index] = times[parent];
            sequences[index] = sequences[parent];
            payloads[index] = payloads[parent];
            index = parent;
        }
        times[index] = timeNs;
        sequences[index] = sequence;
        payloads[index] = payload;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long peekTimeNs() {
        return times[0];
    }

    @Override
    public int peekPayload() {
        return payloads[0];
    }

    @Override
    public void removeFirst() {
        if (size == 0) {
            throw new IllegalStateException("empty pending-event set");
        }
        int last = --size;
        if (last == 0) {
            return;
        }
        long time = times[last];
        long sequence = sequences[last];
        int payload = payloads[last];
        int index = 0;
        // Sift down the former last entry from the root.
        while (true) {
            int firstChild = index * ARITY + 1;
            if (firstChild >= last) {
                break;
            }
            int best = firstChild;
            int end = Math.min(firstChild + ARITY, last);
            for (int child = firstChild + 1; child < end; child++) {
                if (less(times[child], sequences[child], times[best], sequences[best])) {
                    best = child;
                }
            }
            if (!less(times[best], sequences[best], time, sequence)) {
                break;
            }
            times[index] = times[best];
            sequences[index] = sequences[best];
            payloads[index] = payloads[best];
            index = best;
        }
        times[index] = time;
        sequences[index] = sequence;
        payloads[index] = payload;
    }

    @Override
    public void clear() {
        size = 0;
    }

    private static boolean less(long timeA, long seqA, long timeB, long seqB) {
        return timeA < timeB || (timeA == timeB && seqA < seqB);
    }

    private void grow() {
        int capacity = times.length * 2;
        times = Arrays.copyOf(times, capacity);
        sequences = Arrays.copyOf(sequences, capacity);
        payloads = Arrays.copyOf(payloads, capacity);
    }
}

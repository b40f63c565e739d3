package org.clustersim.network.model;

import java.util.Arrays;

/**
 * When each active flow class completes: an indexed binary min-heap of (time ns, slot), so that a re-solve changing a
 * million completion times updates keys in place instead of cancelling and scheduling a million engine events. The
 * model keeps one engine event armed at the earliest time. Ties break by slot, so the order is reproducible.
 */
final class CompletionQueue {

    private int[] heap = new int[64];
    private int[] position = new int[64]; // -1 when not queued
    private long[] time = new long[64];
    private int size;

    CompletionQueue() {
        Arrays.fill(position, -1);
    }

    int size() {
        return size;
    }

    /** Earliest completion time; the queue must not be empty. */
    long minTime() {
        return time[heap[0]];
    }

    int peek() {
        return heap[0];
    }

    /** Sets or changes a slot's completion time. */
    void put(int slot, long timeNs) {
        ensure(slot);
        int pos = position[slot];
        if (pos < 0) {
            time[slot] = timeNs;
            heap[size] = slot;
            position[slot] = size;
            siftUp(size++);
            return;
        }
        long old = time[slot];
        time[slot] = timeNs;
        if (timeNs < old) {
            siftUp(pos);
        } else if (timeNs > old) {
            siftDown(pos);
        }
    }

    void remove(int slot) {
        int pos = position[slot];
        if (pos < 0) {
            return;
        }
        position[slot] = -1;
        size--;
        if (pos == size) {
            return;
        }
        int last = heap[size];
        heap[pos] = last;
        position[last] = pos;
        siftDown(pos);
        siftUp(position[last]);
    }

    private boolean less(int a, int b) {
        return time[a] < time[b] || (time[a] == time[b] && a < b);
    }

    private void siftUp(int pos) {
        int s = heap[pos];
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            int p = heap[parent];
            if (!less(s, p)) {
                break;
            }
            heap[pos] = p;
            position[p] = pos;
            pos = parent;
        }
        heap[pos] = s;
        position[s] = pos;
    }

    private void siftDown(int pos) {
        int s = heap[pos];
        int half = size >>> 1;
        while (pos < half) {
            int child = 2 * pos + 1;
            int c = heap[child];
            int right = child + 1;
            if (right < size && less(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!less(c, s)) {
                break;
            }
            heap[pos] = c;
            position[c] = pos;
            pos = child;
        }
        heap[pos] = s;
        position[s] = pos;
    }

    private void ensure(int slot) {
        if (slot >= position.length) {
            int n = Math.max(slot + 1, position.length * 2);
            int old = position.length;
            position = Arrays.copyOf(position, n);
            Arrays.fill(position, old, n, -1);
            time = Arrays.copyOf(time, n);
            heap = Arrays.copyOf(heap, n);
        }
    }
}

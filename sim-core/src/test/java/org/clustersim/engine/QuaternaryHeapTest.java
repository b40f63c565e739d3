package org.clustersim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuaternaryHeapTest {

    record Entry(long time, long seq, int payload) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 4711})
    void popsInTimeThenSequenceOrderUnderRandomInterleaving(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        QuaternaryHeap heap = new QuaternaryHeap(4);
        List<Entry> reference = new ArrayList<>();
        List<Entry> popped = new ArrayList<>();
        List<Entry> expected = new ArrayList<>();
        long seq = 0;
        for (int step = 0; step < 20_000; step++) {
            if (random.nextInt(3) > 0 || heap.isEmpty()) {
                // few distinct times so that ties are common
                Entry e = new Entry(random.nextInt(50), seq++, random.nextInt());
                heap.add(e.time, e.seq, e.payload);
                reference.add(e);
            } else {
                reference.sort(Comparator.comparingLong(Entry::time).thenComparingLong(Entry::seq));
                expected.add(reference.remove(0));
                popped.add(new Entry(heap.peekTimeNs(), -1, heap.peekPayload()));
                heap.removeFirst();
            }
            assertThat(heap.size()).isEqualTo(reference.size());
        }
        assertThat(popped).hasSameSizeAs(expected);
        for (int i = 0; i < popped.size(); i++) {
            assertThat(popped.get(i).time()).isEqualTo(expected.get(i).time());
            assertThat(popped.get(i).payload()).isEqualTo(expected.get(i).payload());
        }
    }

    @Test
    void removeFromEmptyFails() {
        assertThatThrownBy(() -> new QuaternaryHeap().removeFirst()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clearEmptiesButKeepsWorking() {
        QuaternaryHeap heap = new QuaternaryHeap();
        heap.add(5, 0, 1);
        heap.add(3, 1, 2);
        heap.clear();
        assertThat(heap.isEmpty()).isTrue();
        heap.add(7, 2, 3);
        assertThat(heap.peekPayload()).isEqualTo(3);
    }
}

package org.clustersim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class AccumulatorTest {

    @Test
    void observationStatistics() {
        ObservationAccumulator acc = new ObservationAccumulator();
        assertThat(acc.mean()).isNaN();
        for (double v : new double[] {2, 4, 4, 4, 5, 5, 7, 9}) {
            acc.add(v);
        }
        assertThat(acc.count()).isEqualTo(8);
        assertThat(acc.mean()).isEqualTo(5.0);
        assertThat(acc.variance()).isCloseTo(32.0 / 7.0, offset(1e-12));
        assertThat(acc.min()).isEqualTo(2.0);
        assertThat(acc.max()).isEqualTo(9.0);
    }

    @Test
    void timeWeightedMeanWeighsEachValueByHowLongItHeld() {
        TimeWeightedAccumulator acc = new TimeWeightedAccumulator(0, 0);
        acc.update(10, 4);  // 0 for 10 ns
        acc.update(30, 1);  // 4 for 20 ns
        // 1 for 10 ns up to 40
        assertThat(acc.integralUntil(40)).isEqualTo(90.0);
        assertThat(acc.meanUntil(40)).isEqualTo(90.0 / 40.0);
        assertThat(acc.max()).isEqualTo(4.0);
        assertThatThrownBy(() -> acc.update(5, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}

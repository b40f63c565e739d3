package org.clustersim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RandomStreamsTest {

    @Test
    void aStreamDependsOnlyOnMasterSeedAndName() {
        RandomStreams first = new RandomStreams(7);
        RandomStreams second = new RandomStreams(7);
        second.stream("routing").nextLong(); // touching another stream first must not matter
        double[] a = draw(first.stream("failures"), 5);
        double[] b = draw(second.stream("failures"), 5);
        assertThat(a).containsExactly(b);
    }

    @Test
    void differentNamesAndSeedsGiveDifferentStreams() {
        RandomStreams streams = new RandomStreams(7);
        assertThat(draw(streams.stream("failures"), 3)).isNotEqualTo(draw(streams.stream("routing"), 3));
        assertThat(draw(new RandomStreams(8).stream("failures"), 3))
                .isNotEqualTo(draw(new RandomStreams(7).stream("failures"), 3));
    }

    @Test
    void exponentialHasTheRequestedMean() {
        RandomStream stream = new RandomStreams(3).stream("x");
        ObservationAccumulator acc = new ObservationAccumulator();
        for (int i = 0; i < 200_000; i++) {
            acc.add(stream.nextExponential(2.5));
        }
        assertThat(acc.mean()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(0.03));
        assertThat(acc.standardDeviation()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(0.05));
    }

    private static double[] draw(RandomStream stream, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = stream.nextUniform();
        }
        return values;
    }
}

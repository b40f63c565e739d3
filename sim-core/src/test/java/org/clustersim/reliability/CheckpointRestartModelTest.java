package org.clustersim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.clustersim.engine.RandomStreams;
import org.junit.jupiter.api.Test;

class CheckpointRestartModelTest {

    /** Llama 3: 419 unexpected interruptions in 54 days on 16,384 GPUs (fleet-and-hardware.md, Reliability). */
    static final double LLAMA3_FAILURES_PER_GPU_HOUR = 419.0 / (54 * 24 * 16_384);
    /** Stated assumption: 20 s to checkpoint (asynchronous, to host memory), 3 min to detect and restart. */
    static final FailureModel LLAMA3 = new FailureModel(LLAMA3_FAILURES_PER_GPU_HOUR, 0, 20, 180);

    @Test
    void monteCarloMeanAgreesWithTheClosedFormWithin2Percent() {
        CheckpointRestartModel model = new CheckpointRestartModel(LLAMA3);
        double useful = 54 * 86400.0 * 0.9;
        GoodputEstimate closed = model.expected(useful, 16_384, 2_048, Double.NaN);
        GoodputEstimate mc = model.monteCarlo(useful, 16_384, 2_048, Double.NaN, 200,
                new RandomStreams(42).stream("failures"));
        double error = (mc.wallSeconds() - closed.wallSeconds()) / closed.wallSeconds();
        System.out.printf("16,384 GPUs: closed form %.3f days, Monte Carlo %.3f days (90%% interval %.3f-%.3f), "
                        + "error %.3f%%, goodput %.2f%%, %.0f expected failures%n", closed.wallSeconds() / 86400,
                mc.wallSeconds() / 86400, mc.wallP05Seconds() / 86400, mc.wallP95Seconds() / 86400, 100 * error,
                100 * closed.goodput(), closed.expectedFailures());
        assertThat(Math.abs(error)).isLessThan(0.02);
        assertThat(mc.wallP05Seconds()).isLessThanOrEqualTo(mc.wallSeconds());
        assertThat(mc.wallP95Seconds()).isGreaterThanOrEqualTo(mc.wallSeconds());
        // Llama 3 reported > 90% effective training time at this scale and failure rate
        assertThat(closed.goodput()).isGreaterThan(0.90);
        // about 419 interruptions over 54 days, as Llama 3 saw
        assertThat(closed.expectedFailures()).isBetween(350.0, 480.0);
    }

    @Test
    void goodputFallsAsTheJobGrows() {
        CheckpointRestartModel model = new CheckpointRestartModel(LLAMA3);
        double previous = 1.0;
        for (long gpus : new long[] {1_024, 4_096, 16_384, 65_536}) {
            double goodput = model.expected(30 * 86400.0, gpus, gpus / 8, Double.NaN).goodput();
            assertThat(goodput).isLessThan(previous);
            previous = goodput;
        }
    }

    @Test
    void youngDalyIntervalIsSqrtTwoCM() {
        double mtbf = LLAMA3.jobMtbfSeconds(16_384, 0);
        assertThat(mtbf / 3600).isCloseTo(54.0 * 24 / 419, offset(1e-9));
        assertThat(LLAMA3.optimalIntervalSeconds(16_384, 0)).isCloseTo(Math.sqrt(2 * 20 * mtbf), offset(1e-9));
    }

    @Test
    void theOptimalIntervalBeatsOthers() {
        CheckpointRestartModel model = new CheckpointRestartModel(LLAMA3);
        double useful = 10 * 86400.0;
        double optimal = LLAMA3.optimalIntervalSeconds(16_384, 0);
        double best = model.expected(useful, 16_384, 0, optimal).wallSeconds();
        assertThat(model.expected(useful, 16_384, 0, optimal / 4).wallSeconds()).isGreaterThan(best);
        assertThat(model.expected(useful, 16_384, 0, optimal * 4).wallSeconds()).isGreaterThan(best);
    }

    @Test
    void withoutFailuresOnlyTheFinalCheckpointCosts() {
        CheckpointRestartModel model = new CheckpointRestartModel(new FailureModel(0, 0, 20, 180));
        GoodputEstimate e = model.expected(1000, 8, 1, Double.NaN);
        assertThat(e.wallSeconds()).isEqualTo(1020.0);
        assertThat(e.expectedFailures()).isZero();
    }

    @Test
    void nodeFailuresAddToGpuFailures() {
        FailureModel both = new FailureModel(1e-5, 8e-5, 10, 60);
        assertThat(both.jobMtbfSeconds(800, 100)).isCloseTo(3600 / (800e-5 + 100 * 8e-5), offset(1e-6));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new FailureModel(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        CheckpointRestartModel model = new CheckpointRestartModel(LLAMA3);
        assertThatThrownBy(() -> model.expected(100, 8, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.clustersim.scenario.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Symmetric and full modes, and what uneven expert load costs. */
class StepModesTest {

    static ScenarioLoader loader;
    static Path mixtral;

    @BeforeAll
    static void load() throws URISyntaxException {
        loader = new ScenarioLoader();
        mixtral = Path.of(StepModesTest.class.getResource("/step/mixtral-256xH100.yaml").toURI());
    }

    private StepResult step(List<String> overrides, StepOptions options) {
        Scenario s = loader.load(mixtral, overrides);
        return new StepRunner(loader.catalog(), EfficiencyCatalog.calibrated()).run(s, options).phases().get(0).step();
    }

    @Test
    void symmetricAndFullAgreeOnASymmetricCluster() {
        StepResult symmetric = step(List.of(), StepOptions.BALANCED);
        StepResult full = step(List.of(), StepOptions.BALANCED.withFull(true));
        double difference = Math.abs(full.timeSeconds() - symmetric.timeSeconds()) / symmetric.timeSeconds();
        System.out.printf("256 GPUs: symmetric %.4f s, full %.4f s (%.3f%%)%n", symmetric.timeSeconds(),
                full.timeSeconds(), 100 * difference);
        assertThat(symmetric.mode()).isEqualTo("symmetric");
        assertThat(full.mode()).isEqualTo("full");
        assertThat(difference).isLessThan(0.01);
    }

    @Test
    void groupsWithDifferentLoadsAreNotAnsweredSymmetrically() {
        StepResult balanced = step(List.of(), StepOptions.BALANCED);
        StepResult uneven = step(List.of("training.expertLoad={skew: 0.6, perGroup: true}"), StepOptions.BALANCED);
        System.out.printf("per-group skew: %.4f s vs balanced %.4f s, mode %s (%s)%n", uneven.timeSeconds(),
                balanced.timeSeconds(), uneven.mode(), uneven.notes());
        assertThat(uneven.mode()).isEqualTo("full");
        assertThat(uneven.notes()).contains("not equivalent");
        assertThat(uneven.timeSeconds()).isGreaterThan(balanced.timeSeconds());
    }

    @Test
    void skewSlowsTheStepAndTheResultSaysByHowMuch() {
        StepResult balanced = step(List.of(), StepOptions.BALANCED);
        StepResult skewed = step(List.of("training.expertLoad={skew: 0.5}"), StepOptions.BALANCED);
        StepResult more = step(List.of("training.expertLoad={skew: 1.0}"), StepOptions.BALANCED);
        System.out.printf("skew 0.5: %.4f s (+%.4f s imbalance); skew 1.0: %.4f s; balanced %.4f s%n",
                skewed.timeSeconds(), skewed.imbalanceSeconds(), more.timeSeconds(), balanced.timeSeconds());
        assertThat(skewed.mode()).isEqualTo("symmetric");
        assertThat(skewed.timeSeconds()).isGreaterThan(balanced.timeSeconds());
        assertThat(skewed.imbalanceSeconds()).isCloseTo(skewed.timeSeconds() - balanced.timeSeconds(),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(more.timeSeconds()).isGreaterThan(skewed.timeSeconds());
        assertThat(balanced.imbalanceSeconds()).isZero();
    }

    @Test
    void aHistogramConcentratedOnOneRankMakesItTheBusiest() {
        StringBuilder h = new StringBuilder("[");
        for (int e = 0; e < 8; e++) {
            h.append(e == 0 ? "" : ",").append(e == 0 ? 8 : 1);
        }
        h.append("]");
        StepResult hot = step(List.of("training.expertLoad={histogram: " + h + "}"), StepOptions.BALANCED);
        StepResult balanced = step(List.of(), StepOptions.BALANCED);
        // one expert per rank: the hot rank gets 8/15 of the tokens, 8 x 8/15 = 4.27 x its balanced share
        assertThat(org.clustersim.step.ExpertLoad.busiestRankFactor(new double[] {8, 1, 1, 1, 1, 1, 1, 1}, 8))
                .isEqualTo(8 * 8.0 / 15);
        assertThat(hot.timeSeconds()).isGreaterThan(balanced.timeSeconds() * 1.2);
    }
}

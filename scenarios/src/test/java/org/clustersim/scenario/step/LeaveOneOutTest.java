package org.clustersim.scenario.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.clustersim.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each of the two FP8 DeepSeek-V3 runs predicted by parameters fitted without it: DeepSeek's own on 2,048 H800
 * (ISCA'25 Table 4) from the NeMo/Megatron-Core run on 1,024 H100 and the SC'21 rows, and the other way round. No
 * other case informs fp8GemmScale, so this is the honest test of whether the model carries one run to the other.
 */
class LeaveOneOutTest {

    static ScenarioLoader loader;
    static List<CalibrationCase> cases;
    static Calibrator calibrator;

    @BeforeAll
    static void load() {
        loader = new ScenarioLoader();
        cases = CalibrationCase.load(Path.of("validation"), loader);
        calibrator = new Calibrator(loader.catalog(), EfficiencyCatalog.calibrated());
    }

    private static CalibrationCase named(String name) {
        return cases.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static double leaveOneOutError(String name) {
        CalibrationCase c = named(name);
        double loo = calibrator.leaveOneOut(cases, c);
        double error = loo / c.published() - 1;
        System.out.printf("%s leave-one-out: %.2f %s vs %.2f published (%+.1f%%)%n", name, loo, c.unit(),
                c.published(), 100 * error);
        return error;
    }

    @Test
    void deepSeekV3StepPredictedWithoutItWithin20Percent() {
        assertThat(Math.abs(leaveOneOutError("deepseek-v3-2048xH800-step"))).isLessThanOrEqualTo(0.20);
    }

    @Test
    void nemoRunPredictedWithoutItWithin20Percent() {
        assertThat(Math.abs(leaveOneOutError("nemo-deepseek-v3-1024xH100"))).isLessThanOrEqualTo(0.20);
    }

    @Test
    void withoutEitherFp8RunTheFp8ScaleFallsBackToItsDocumentedPrior() {
        List<CalibrationCase> bf16 = cases.stream()
                .filter(c -> c.metric() == CalibrationCase.Metric.TFLOPS_PER_GPU_MEGATRON).toList();
        assertThat(bf16).hasSize(10);
        double fp8 = calibrator.fit(bf16).parameters().fp8GemmScale();
        System.out.printf("fp8GemmScale fitted on the BF16 rows alone: %.3f (prior %.3f)%n", fp8,
                org.clustersim.workload.ComputeEfficiencyParameters.INITIAL.fp8GemmScale());
        assertThat(fp8).isEqualTo(org.clustersim.workload.ComputeEfficiencyParameters.INITIAL.fp8GemmScale());
    }
}

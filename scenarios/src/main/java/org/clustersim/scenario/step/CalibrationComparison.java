package org.clustersim.scenario.step;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.spec.CalibrationSpec;
import org.clustersim.scenario.workload.ModelResolver;

/**
 * One published number of a calibration scenario beside what the simulation gives for it, counted the same way
 * ({@code clustersim validate-suite} compares the headline metric; a report shows every published number).
 *
 * @param metric    {@code stepSeconds}, {@code tokensPerSecondPerGpu}, {@code tflopsPerGpu} or
 *                  {@code phasesSeconds.<part>}
 * @param simulated the simulated value, counted by the publication's convention
 */
public record CalibrationComparison(String metric, String unit, double published, double simulated, String source) {

    public double errorPercent() {
        return 100 * (simulated - published) / published;
    }

    /**
     * Every number the scenario's {@code calibration} section publishes, against {@code main} (the first simulated
     * phase, the only one calibration scenarios have). Empty when the scenario publishes nothing.
     */
    public static List<CalibrationComparison> of(Scenario scenario, StepRunner.PhaseStep main, Catalog catalog) {
        CalibrationSpec spec = scenario.spec().value().calibration();
        List<CalibrationComparison> out = new ArrayList<>();
        if (spec == null || main == null) {
            return out;
        }
        String source = spec.source() == null ? "scenario file" : spec.source();
        if (spec.stepSeconds() != null) {
            out.add(new CalibrationComparison("stepSeconds", "s", spec.stepSeconds(), main.step().timeSeconds(),
                    source));
        }
        if (spec.tokensPerSecondPerGpu() != null) {
            out.add(new CalibrationComparison("tokensPerSecondPerGpu", "tokens/s per GPU",
                    spec.tokensPerSecondPerGpu(), main.step().tokensPerSecond() / main.plan().gpus(), source));
        }
        if (spec.tflopsPerGpu() != null) {
            boolean megatron = spec.flopsConvention() == CalibrationSpec.FlopsConvention.MEGATRON_SC21;
            double simulated = megatron
                    ? CalibrationCase.megatronFlopsPerStep(new ModelResolver(catalog).resolve(scenario),
                    main.training().sequenceLength(), main.training().globalBatch())
                    / main.step().timeSeconds() / main.plan().gpus() / 1e12
                    : main.step().tflopsPerGpu();
            out.add(new CalibrationComparison("tflopsPerGpu", megatron ? "TFLOP/s per GPU (Megatron SC'21 count)"
                    : "TFLOP/s per GPU", spec.tflopsPerGpu(), simulated, source));
        }
        if (spec.phasesSeconds() != null && !main.step().phasesSeconds().isEmpty()) {
            spec.phasesSeconds().forEach((part, published) -> {
                Double simulated = main.step().phasesSeconds().get(part);
                if (simulated != null && published > 0) {
                    out.add(new CalibrationComparison("phasesSeconds." + part, "s", published, simulated, source));
                }
            });
        }
        return out;
    }
}

package org.clustersim.scenario.step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.source.SourceLocation;
import org.clustersim.scenario.spec.CalibrationSpec;
import org.clustersim.step.StepResult;
import org.clustersim.workload.ModelShape;

/**
 * A scenario with a published measurement, and how to compare a simulated step with it.
 *
 * @param metric what is compared: step seconds, tokens per second per GPU, or TFLOP/s per GPU counted by the paper's
 *               convention (the first of them the scenario publishes, in that order)
 * @param uncertaintyPercent how far the published value may lie from this configuration's (the file's
 *               {@code calibration.uncertaintyPercent}); the fit weighs the case by its inverse square
 */
public record CalibrationCase(String name, Scenario scenario, Metric metric, double published,
                              double uncertaintyPercent) {

    public enum Metric { STEP_SECONDS, TOKENS_PER_SECOND_PER_GPU, TFLOPS_PER_GPU_MODEL, TFLOPS_PER_GPU_MEGATRON }

    /** Every scenario in {@code dir} that has a {@code calibration} section, in file-name order. */
    public static List<CalibrationCase> load(Path dir, ScenarioLoader loader) {
        List<Path> files;
        try (var stream = Files.list(dir)) {
            files = stream.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new ScenarioError(new SourceLocation("<command line>", 1, 1), "cannot list " + dir, dir.toString(),
                    "name a directory of validation scenarios (scenarios/validation)");
        }
        List<CalibrationCase> cases = new ArrayList<>();
        for (Path file : files) {
            Scenario scenario = loader.load(file, List.of());
            CalibrationSpec spec = scenario.spec().value().calibration();
            if (spec == null) {
                continue;
            }
            double uncertainty = spec.uncertaintyPercent() != null ? spec.uncertaintyPercent()
                    : CalibrationSpec.DEFAULT_UNCERTAINTY_PERCENT;
            if (spec.stepSeconds() != null) {
                cases.add(new CalibrationCase(scenario.name(), scenario, Metric.STEP_SECONDS, spec.stepSeconds(),
                        uncertainty));
            } else if (spec.tokensPerSecondPerGpu() != null) {
                cases.add(new CalibrationCase(scenario.name(), scenario, Metric.TOKENS_PER_SECOND_PER_GPU,
                        spec.tokensPerSecondPerGpu(), uncertainty));
            } else if (spec.tflopsPerGpu() != null) {
                Metric metric = spec.flopsConvention() == CalibrationSpec.FlopsConvention.MEGATRON_SC21
                        ? Metric.TFLOPS_PER_GPU_MEGATRON : Metric.TFLOPS_PER_GPU_MODEL;
                cases.add(new CalibrationCase(scenario.name(), scenario, metric, spec.tflopsPerGpu(), uncertainty));
            }
        }
        return cases;
    }

    /** The simulated value of this case's metric. */
    public double predicted(ModelShape model, StepResult step, int gpus, int sequenceLength, int globalBatch) {
        return switch (metric) {
            case STEP_SECONDS -> step.timeSeconds();
            case TOKENS_PER_SECOND_PER_GPU -> step.tokensPerSecond() / gpus;
            case TFLOPS_PER_GPU_MODEL -> step.tflopsPerGpu();
            case TFLOPS_PER_GPU_MEGATRON -> megatronFlopsPerStep(model, sequenceLength, globalBatch)
                    / step.timeSeconds() / gpus / 1e12;
        };
    }

    /**
     * SC'21's count: F = 96 B s l h^2 (1 + s/6h + V/16lh), which includes the recompute forward (Narayanan et al.;
     * calibration-megatron-a100.md D.3).
     */
    public static double megatronFlopsPerStep(ModelShape model, int s, int batch) {
        double l = model.layers();
        double h = model.hidden();
        double v = model.vocab();
        return 96.0 * batch * s * l * h * h * (1 + s / (6 * h) + v / (16 * l * h));
    }

    public String unit() {
        return switch (metric) {
            case STEP_SECONDS -> "s/step";
            case TOKENS_PER_SECOND_PER_GPU -> "tokens/s/GPU";
            case TFLOPS_PER_GPU_MODEL, TFLOPS_PER_GPU_MEGATRON -> "TFLOP/s/GPU";
        };
    }
}

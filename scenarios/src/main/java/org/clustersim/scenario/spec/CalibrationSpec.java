package org.clustersim.scenario.spec;

import java.util.Map;
import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;

@Doc("Published measurements of this exact configuration, for calibration and validation (scenarios/validation/).")
public record CalibrationSpec(
        @Range(min = 0.001, max = 100_000) @Doc("Published achieved TFLOP/s per GPU, counted as 'flopsConvention' says.")
        Double tflopsPerGpu,
        @Range(min = 0, max = 1_000_000) @Doc("Published time of one training step, in seconds.") Double stepSeconds,
        @Doc("Published parts of the step in seconds (DeepSeek ISCA'25 Table 4: forward, bubble, backwardInput, "
                + "backwardWeight, steady, optimizer).") Map<String, Double> phasesSeconds,
        @Doc("How the published FLOPs are counted: model (clustersim's count) or megatron-sc21 "
                + "(96 B s l h^2 (1 + s/6h + V/16lh), including the recompute forward).") FlopsConvention flopsConvention,
        @Doc("Where the published numbers come from.") String source) {

    public enum FlopsConvention implements org.clustersim.scenario.bind.Spelled {
        MODEL("model"), MEGATRON_SC21("megatron-sc21");

        private final String spelling;

        FlopsConvention(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }
    }
}

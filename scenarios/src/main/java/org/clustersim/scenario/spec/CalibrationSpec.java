package org.clustersim.scenario.spec;

import java.util.Map;
import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;

@Doc("Published measurements of this exact configuration, for calibration and validation (scenarios/validation/).")
public record CalibrationSpec(
        @Range(min = 0.001, max = 100_000) @Doc("Published achieved TFLOP/s per GPU, counted as 'flopsConvention' says.")
        Double tflopsPerGpu,
        @Range(min = 0, max = 1_000_000) @Doc("Published time of one training step, in seconds.") Double stepSeconds,
        @Range(min = 0.001, max = 1e9) @Doc("Published training throughput in tokens per second per GPU (what NeMo's "
                + "performance tables report beside their TFLOP/s, free of any FLOP-counting convention).")
        Double tokensPerSecondPerGpu,
        @Doc("Published parts of the step in seconds (DeepSeek ISCA'25 Table 4: forward, bubble, backwardInput, "
                + "backwardWeight, steady, optimizer).") Map<String, Double> phasesSeconds,
        @Doc("How the published FLOPs are counted: model (clustersim's count) or megatron-sc21 "
                + "(96 B s l h^2 (1 + s/6h + V/16lh), including the recompute forward).") FlopsConvention flopsConvention,
        @Doc("Where the published numbers come from.") String source,
        @Range(min = 0.1, max = 100) @Doc("How far, in percent, the published value may lie from what this exact "
                + "configuration gives: the measurement's own spread plus what the file had to assume about the run "
                + "(default 5). calibrate weighs each case by 1 / uncertainty^2.") Double uncertaintyPercent) {

    /** The uncertainty of a case that states none, in percent. */
    public static final double DEFAULT_UNCERTAINTY_PERCENT = 5;

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

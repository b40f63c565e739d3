package org.clustersim.step;

import java.util.List;
import java.util.Map;
import org.clustersim.pipeline.PipelineTimeline;

/**
 * One simulated training step.
 *
 * @param breakdownSeconds  the critical pipeline rank's step cut into compute by kind, exposed communication by kind,
 *                          bubble and optimizer (they add up to {@code timeSeconds})
 * @param phasesSeconds     the critical rank's timeline cut as ISCA'25 Table 4 cuts DualPipe's: forward, bubble,
 *                          backwardInput, backwardWeight, steady, optimizer (empty for other schedules)
 * @param imbalanceSeconds  step time lost to uneven expert load versus balanced routing (0 when balanced)
 * @param mode              "symmetric" (one rank per pipeline stage, counted many times) or "full"
 * @param activity          what each pipeline rank of the simulated replica did, stream by stream (for reports)
 */
public record StepResult(double timeSeconds, double tokensPerSecond, double tflopsPerGpu, double tflopsPerGpuCausal,
                         double mfu, double mfuCausal, Map<String, Double> breakdownSeconds,
                         Map<String, Double> phasesSeconds, double imbalanceSeconds, int criticalPipelineRank,
                         List<Double> rankEndSeconds, PipelineTimeline timeline, String schedule, String mode,
                         String communicationFidelity, long microBatches, String notes, StepActivity activity) {

    public StepResult {
        breakdownSeconds = Map.copyOf(breakdownSeconds);
        phasesSeconds = Map.copyOf(phasesSeconds);
        rankEndSeconds = List.copyOf(rankEndSeconds);
        activity = activity == null ? StepActivity.EMPTY : activity;
    }

    /** A result without its activity (callers that do not report). */
    public StepResult(double timeSeconds, double tokensPerSecond, double tflopsPerGpu, double tflopsPerGpuCausal,
                      double mfu, double mfuCausal, Map<String, Double> breakdownSeconds,
                      Map<String, Double> phasesSeconds, double imbalanceSeconds, int criticalPipelineRank,
                      List<Double> rankEndSeconds, PipelineTimeline timeline, String schedule, String mode,
                      String communicationFidelity, long microBatches, String notes) {
        this(timeSeconds, tokensPerSecond, tflopsPerGpu, tflopsPerGpuCausal, mfu, mfuCausal, breakdownSeconds,
                phasesSeconds, imbalanceSeconds, criticalPipelineRank, rankEndSeconds, timeline, schedule, mode,
                communicationFidelity, microBatches, notes, StepActivity.EMPTY);
    }
}

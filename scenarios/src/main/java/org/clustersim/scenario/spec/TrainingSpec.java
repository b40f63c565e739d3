package org.clustersim.scenario.spec;

import java.util.List;
import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;

@Doc("The training run: phases simulated at their own shapes.")
public record TrainingSpec(
        @Doc("Master seed of every random stream (failures, routing, expert load).") Long seed,
        @Range(min = 0.001, max = 1) @Doc("Assumed model-FLOPs utilisation for phases given only as total FLOPs "
                + "(compute-only estimate; default 0.4, an assumption).") Double assumedMfu,
        @Doc("Phases in order: pre-training, context extension, post-training.") List<PhaseSpec> phases,
        @Doc("Uneven expert load (MoE models); balanced when absent.") ExpertLoadSpec expertLoad,
        @Doc("Failures and checkpoints; the defaults are Llama 3's failure rate and stated assumptions.")
        FailuresSpec failures) {
}

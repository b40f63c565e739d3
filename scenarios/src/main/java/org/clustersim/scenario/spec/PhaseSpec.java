package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.Required;
import org.clustersim.units.Count;

@Doc("One phase of training.")
public record PhaseSpec(
        @Required @Doc("Phase name, e.g. pre-training.") String name,
        @Range(min = 1) @Doc("Tokens trained in this phase, e.g. 14.8T.") Count tokens,
        @Range(min = 1, max = 100_000_000) @Doc("Sequence length in tokens, e.g. 4096.") Integer sequenceLength,
        @Range(min = 1, max = 100_000_000) @Doc("Global batch in sequences at the end of the ramp, e.g. 15360.")
        Integer globalBatch,
        @Range(min = 1, max = 100_000_000) @Doc("Global batch at the start of a linear ramp, e.g. 3072.")
        Integer batchRampStart,
        @Doc("Tokens over which the batch ramps to globalBatch, e.g. 469B.") Count batchRampTokens,
        @Doc("A plan for the ramp's batches that the phase's plan cannot run (only the keys that differ; flagged as "
                + "assumed in reports).") ParallelismSpec batchRampParallelism,
        @Doc("Total training FLOPs of the phase, for a compute-only estimate when no model is given, e.g. 3.3e24.")
        Count flops,
        @Doc("A plan for this phase when the main plan cannot run it (flagged as assumed in reports).")
        ParallelismSpec parallelism,
        @Range(min = 1, max = 1e12) @Doc("Length of the phase in optimizer steps, instead of tokens (e.g. 1000).")
        Long steps,
        @Range(min = 0.001) @Doc("A phase given only as a GPU-hour budget, not simulated (e.g. post-training: 5K).")
        Count gpuHours) {
}

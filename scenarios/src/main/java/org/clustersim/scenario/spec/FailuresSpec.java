package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;
import org.clustersim.units.Bandwidth;
import org.clustersim.units.Duration;

@Doc("Failures and checkpoints. Absent keys take the defaults the result lists in assumptions[].")
public record FailuresSpec(
        @Range(min = 0, max = 1) @Doc("Interruptions per GPU-hour (default Llama 3's 419 in 54 days on 16,384 GPUs, "
                + "one per ~50,700 GPU-hours).") Double perGpuHour,
        @Doc("The same rate as a mean time between interruptions of one GPU, e.g. 50700h (instead of perGpuHour).")
        Duration gpuMtbf,
        @Range(min = 0, max = 1) @Doc("Interruptions per node-hour beside the GPUs (default 0: Llama 3's rate counts "
                + "all causes).") Double perNodeHour,
        @Doc("Write bandwidth of a checkpoint, whole cluster (default 400GB/s, an assumption).")
        Bandwidth checkpointBandwidth,
        @Doc("Detection, rescheduling and reload after an interruption (default 10min, an assumption).")
        Duration restartTime,
        @Doc("Work between checkpoints (default: the Young/Daly optimum).") Duration checkpointInterval,
        @Range(min = 0, max = 100000) @Doc("Monte Carlo replications beside the closed form (default 200; 0 = off).")
        Integer monteCarloReplications) {
}

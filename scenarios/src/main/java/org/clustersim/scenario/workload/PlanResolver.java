package org.clustersim.scenario.workload;

import java.util.function.Function;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.source.SourceLocation;
import org.clustersim.scenario.spec.ParallelismSpec;
import org.clustersim.workload.OptimizerMoments;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.Precision;
import org.clustersim.workload.Recompute;
import org.clustersim.workload.Schedule;

/**
 * Turns a {@code parallelism} section into a {@link ParallelPlan}. Absent keys: tensor, pipeline, expert, context and
 * virtualStages 1; data = GPUs / (tensor x pipeline x context); zero 0; microBatch 1; schedule 1f1b; recompute none;
 * precision bf16; optimizerMoments fp32; commSms 0; overlapForwardBackward false. A given {@code data} must make the product equal the GPU count
 * (checked by {@link ParallelPlan#validate}).
 */
public final class PlanResolver {

    private PlanResolver() {
    }

    /**
     * @param at location of a key of this section ("tensor", "data", ...; "" for the section itself)
     */
    public static ParallelPlan resolve(ParallelismSpec spec, ClusterConfig cluster,
            Function<String, SourceLocation> at) {
        ParallelismSpec s = spec != null ? spec
                : new ParallelismSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null);
        int tensor = orOne(s.tensor());
        int pipeline = orOne(s.pipeline());
        int context = orOne(s.context());
        int data;
        if (s.data() != null) {
            data = s.data();
        } else {
            long others = (long) tensor * pipeline * context;
            if (cluster.gpuCount() % others != 0) {
                String key = s.tensor() != null ? "tensor" : s.pipeline() != null ? "pipeline" : "context";
                throw new ScenarioError(at.apply(key), "tensor " + tensor + " x pipeline " + pipeline + " x context "
                        + context + " = " + others + " does not divide the cluster's " + cluster.gpuCount() + " GPUs",
                        null, "choose degrees whose product divides " + cluster.gpuCount()
                                + "; data parallelism takes the rest");
            }
            data = (int) (cluster.gpuCount() / others);
        }
        Schedule schedule = Schedule.ONE_F_ONE_B;
        if (s.schedule() != null) {
            String spelling = s.schedule().spelling();
            for (Schedule candidate : Schedule.values()) {
                if (candidate.spelling().equals(spelling)) {
                    schedule = candidate;
                }
            }
        }
        Recompute recompute = s.recompute() == null ? Recompute.NONE : Recompute.valueOf(s.recompute().name());
        Precision precision = s.precision() == null ? Precision.BF16 : Precision.valueOf(s.precision().name());
        OptimizerMoments moments = s.optimizerMoments() == null ? OptimizerMoments.FP32
                : OptimizerMoments.valueOf(s.optimizerMoments().name());
        return new ParallelPlan(tensor, pipeline, orOne(s.virtualStages()), orOne(s.expert()), data, context,
                s.zero() == null ? 0 : s.zero(), orOne(s.microBatch()), schedule, recompute, precision, moments,
                s.commSms() == null ? 0 : s.commSms(), Boolean.TRUE.equals(s.overlapForwardBackward()),
                s.pipelineLayout() == null ? "" : s.pipelineLayout());
    }

    private static int orOne(Integer value) {
        return value == null ? 1 : value;
    }
}

package org.clustersim.step;

import java.util.List;
import java.util.Map;

/**
 * The work of one model chunk for one micro-batch on one rank, in seconds, split the way schedules need it: forward,
 * input-gradient backward, weight-gradient backward, each into compute and the communication that cannot start
 * before it (tensor-parallel collectives, MoE dispatch and combine, context-parallel exchanges).
 *
 * @param computeByKind forward + backward compute seconds by op kind (gemm, attention, experts, elementwise, ...)
 * @param commByKind    forward + backward communication seconds by kind (tensor, expert, context, zero)
 * @param forwardPrefetch  communication that runs beside the forward's compute (ZeRO-3 weight gathers, prefetched
 *                         layer by layer as DeepSpeed does), so the longer of the two counts
 * @param backwardPrefetch the same for the backward (weight gathers and gradient reduce-scatters)
 * @param commParts        the communication above by kind and pass, in the order it runs, with its bytes (reports)
 */
public record ChunkWork(double forwardCompute, double forwardComm, double backwardInputCompute,
                        double backwardInputComm, double weightCompute, Map<String, Double> computeByKind,
                        Map<String, Double> commByKind, double forwardPrefetch, double backwardPrefetch,
                        List<CommPart> commParts) {

    public ChunkWork {
        // insertion order kept: the step simulator sums these maps, and Map.copyOf's iteration order changes from
        // one JVM run to the next, which made breakdowns differ in their last bits between identical runs
        computeByKind = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(computeByKind));
        commByKind = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(commByKind));
        commParts = List.copyOf(commParts);
    }

    /** Work without its communication parts (tests and callers that do not report). */
    public ChunkWork(double forwardCompute, double forwardComm, double backwardInputCompute,
                     double backwardInputComm, double weightCompute, Map<String, Double> computeByKind,
                     Map<String, Double> commByKind, double forwardPrefetch, double backwardPrefetch) {
        this(forwardCompute, forwardComm, backwardInputCompute, backwardInputComm, weightCompute, computeByKind,
                commByKind, forwardPrefetch, backwardPrefetch, List.of());
    }

    /** The parts of one pass: forward or backward, run after the compute or prefetched beside it. */
    public List<CommPart> parts(boolean backward, boolean prefetched) {
        List<CommPart> out = new java.util.ArrayList<>(commParts.size());
        for (CommPart p : commParts) {
            if (p.backward() == backward && p.prefetched() == prefetched) {
                out.add(p);
            }
        }
        return out;
    }

    public double forward() {
        return Math.max(forwardCompute, forwardPrefetch) + forwardComm;
    }

    public double backwardInput() {
        return Math.max(backwardInputCompute, backwardPrefetch) + backwardInputComm;
    }

    public double fullBackward() {
        return Math.max(backwardInputCompute + weightCompute, backwardPrefetch) + backwardInputComm;
    }
}

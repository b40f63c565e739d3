package org.clustersim.step;

import java.util.Map;

/**
 * The work of one model chunk for one micro-batch on one rank, in seconds, split the way schedules need it: forward,
 * input-gradient backward, weight-gradient backward, each into compute and the communication that cannot start
 * before it (tensor-parallel collectives, MoE dispatch and combine, context-parallel exchanges).
 *
 * @param computeByKind forward + backward compute seconds by op kind (gemm, attention, experts, elementwise, ...)
 * @param commByKind    forward + backward communication seconds by kind (tensor, expert, context)
 */
public record ChunkWork(double forwardCompute, double forwardComm, double backwardInputCompute,
                        double backwardInputComm, double weightCompute, Map<String, Double> computeByKind,
                        Map<String, Double> commByKind) {

    public ChunkWork {
        computeByKind = Map.copyOf(computeByKind);
        commByKind = Map.copyOf(commByKind);
    }

    public double forward() {
        return forwardCompute + forwardComm;
    }

    public double backwardInput() {
        return backwardInputCompute + backwardInputComm;
    }

    public double fullBackward() {
        return backwardInputCompute + backwardInputComm + weightCompute;
    }
}

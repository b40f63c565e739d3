package org.clustersim.pipeline;

/**
 * One op in a rank's schedule. A pipeline is a set of chains (one for ordinary schedules, two for DualPipe's two
 * directions); a micro-batch belongs to one chain and visits its positions 0..length-1 in forward order. For
 * {@link OpKind#FB} the second (chain, position, micro-batch) names the backward half.
 */
public record PipelineOp(OpKind kind, int chain, int position, int microBatch, int backwardChain,
                         int backwardPosition, int backwardMicroBatch) {

    public static PipelineOp of(OpKind kind, int chain, int position, int microBatch) {
        if (kind == OpKind.FB) {
            throw new IllegalArgumentException("use overlapped() for FB");
        }
        return new PipelineOp(kind, chain, position, microBatch, -1, -1, -1);
    }

    public static PipelineOp overlapped(int chain, int position, int microBatch, int backwardChain,
                                        int backwardPosition, int backwardMicroBatch) {
        return new PipelineOp(OpKind.FB, chain, position, microBatch, backwardChain, backwardPosition,
                backwardMicroBatch);
    }

    @Override
    public String toString() {
        String f = kind + "(" + chain + "," + position + "," + microBatch + ")";
        return kind == OpKind.FB ? f + "&B(" + backwardChain + "," + backwardPosition + "," + backwardMicroBatch + ")"
                : f;
    }
}

package org.clustersim.step;

/**
 * The kinds of communication a training step does, each on the stream a report draws it on. Traces give each stream
 * its own track, so kinds that share a stream never run at once on one rank.
 */
public enum CommKind {
    TENSOR_ALL_REDUCE("tensorAllReduce", "tensor-parallel", "tensor-parallel all-reduce"),
    EXPERT_DISPATCH("expertDispatch", "expert-parallel", "MoE dispatch"),
    EXPERT_COMBINE("expertCombine", "expert-parallel", "MoE combine"),
    EXPERT_BACKWARD("expertBackward", "expert-parallel", "MoE dispatch and combine, backward"),
    CONTEXT_EXCHANGE("contextExchange", "context-parallel", "context-parallel key/value exchange"),
    ZERO_GATHER("zeroGather", "zero", "ZeRO-3 weight all-gather"),
    ZERO_SCATTER("zeroScatter", "zero", "ZeRO-3 gradient reduce-scatter"),
    PIPELINE_ACTIVATIONS("pipelineActivations", "pipeline-activations", "pipeline send: activations"),
    PIPELINE_GRADIENTS("pipelineGradients", "pipeline-gradients", "pipeline send: gradients"),
    DATA_ALL_REDUCE("dataAllReduce", "data-parallel", "data-parallel gradient all-reduce"),
    DATA_REDUCE_SCATTER("dataReduceScatter", "data-parallel", "data-parallel gradient reduce-scatter"),
    DATA_ALL_GATHER("dataAllGather", "data-parallel", "data-parallel weight all-gather"),
    EXPERT_DATA_ALL_REDUCE("expertDataAllReduce", "data-parallel", "expert-data-parallel gradient all-reduce");

    private final String key;
    private final String stream;
    private final String label;

    CommKind(String key, String stream, String label) {
        this.key = key;
        this.stream = stream;
        this.label = label;
    }

    /** Stable name in result.json and traces. */
    public String key() {
        return key;
    }

    /** The stream (trace track) it runs on. */
    public String stream() {
        return stream;
    }

    /** What a person reads. */
    public String label() {
        return label;
    }
}

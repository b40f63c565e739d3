package org.clustersim.workload;

/**
 * Named numbers of the memory model that no shape determines.
 *
 * @param runtimeReserveBytes  memory not available to the model on every GPU: CUDA context, NCCL and all-to-all
 *                             buffers, allocator slack
 * @param logitBytesPerElement bytes per vocabulary logit per token while the loss is computed
 * @param zero3PrefetchLayers  layers whose full weights ZeRO-3 holds gathered at once (current and prefetched)
 */
public record MemoryParameters(double runtimeReserveBytes, double logitBytesPerElement, int zero3PrefetchLayers) {

    /**
     * Initial values, all assumptions: 3 GiB reserve (CUDA context ~0.5 GB plus ~2 GB of communication buffers, of
     * the order DeepEP and NCCL allocate); 6 bytes per logit (BF16 logits plus an FP32 softmax for the loss); ZeRO-3
     * holds two layers gathered (DeepSpeed-style prefetch of the next layer).
     */
    public static final MemoryParameters INITIAL = new MemoryParameters(3.0 * (1L << 30), 6, 2);

    public MemoryParameters {
        if (!(runtimeReserveBytes >= 0) || !(logitBytesPerElement >= 0) || zero3PrefetchLayers < 1) {
            throw new IllegalArgumentException("memory parameters must be >= 0 (prefetch >= 1)");
        }
    }
}

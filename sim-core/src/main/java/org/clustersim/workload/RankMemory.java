package org.clustersim.workload;

/**
 * Peak memory of the GPUs of one pipeline rank (all tensor, context, data and expert ranks of a stage hold the same
 * amounts under balanced routing).
 *
 * @param pipelineRank            the pipeline rank (stage position)
 * @param firstGlobalRank         global rank of its first GPU
 * @param holds                   the model chunks it holds, e.g. "embedding + layers 0-2; layers 59-60 + MTP + head"
 * @param params                  parameters held on one GPU (after tensor and expert splitting, before ZeRO)
 * @param weightBytes             BF16 weights (ZeRO-3 shards them)
 * @param gradientBytes           FP32 gradients (ZeRO-2 and 3 shard them)
 * @param optimizerBytes          FP32 master weights and the AdamW moments (ZeRO-1 and up shard them)
 * @param activationBytes         activations kept for the backward pass at the schedule's peak
 * @param temporaryBytes          transient buffers: logits, recomputation working set, ZeRO-3 gathered layers
 * @param reservedBytes           runtime reserve (context, communication buffers)
 * @param inFlightChunkMicroBatches micro-batch activations held at the peak, in model chunks
 */
public record RankMemory(int pipelineRank, long firstGlobalRank, String holds, long params, double weightBytes,
        double gradientBytes, double optimizerBytes, double activationBytes, double temporaryBytes,
        double reservedBytes, long inFlightChunkMicroBatches) {

    public double totalBytes() {
        return weightBytes + gradientBytes + optimizerBytes + activationBytes + temporaryBytes + reservedBytes;
    }
}

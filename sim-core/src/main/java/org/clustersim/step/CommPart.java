package org.clustersim.step;

/**
 * One kind of communication in a chunk's work for one micro-batch, summed over the chunk's layers.
 *
 * @param backward   true for the backward pass, false for the forward
 * @param prefetched runs beside the compute (ZeRO-3 gathers) instead of after it
 * @param bytes      what one GPU moves, by tier
 */
public record CommPart(CommKind kind, boolean backward, boolean prefetched, double seconds, TierBytes bytes) {
}

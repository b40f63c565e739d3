package org.clustersim.step;

/**
 * Bytes one GPU moves for one communication operation, by the tier that carries them: NVLink inside a node, the
 * GPU's share of the node's NICs (the scale-out network) across nodes. For collectives these are nccl-tests' bus
 * bytes split between the tiers as NCCL's rail-aligned rings split them, so bytes over time compares with each
 * tier's per-GPU bandwidth. Reports use it; step times do not.
 */
public record TierBytes(double nvlinkBytes, double networkBytes) {

    public static final TierBytes NONE = new TierBytes(0, 0);

    public TierBytes {
        if (!(nvlinkBytes >= 0) || !(networkBytes >= 0)) {
            throw new IllegalArgumentException("bytes must be >= 0");
        }
    }

    public TierBytes plus(TierBytes other) {
        return new TierBytes(nvlinkBytes + other.nvlinkBytes, networkBytes + other.networkBytes);
    }

    public TierBytes times(double factor) {
        return new TierBytes(nvlinkBytes * factor, networkBytes * factor);
    }
}

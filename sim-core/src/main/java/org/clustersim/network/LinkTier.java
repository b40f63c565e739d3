package org.clustersim.network;

/**
 * Where a link sits in a fabric. Network models use the tier to choose efficiencies and to report utilisation per
 * tier; the bill of materials counts cables by tier.
 */
public enum LinkTier {
    /** GPU to the node's NVSwitch (and back), at the GPU's per-direction NVLink bandwidth. */
    NVLINK,
    /** GPU to its own NIC over PCIe (HGX attaches one NIC per GPU); runs at the NIC's line rate. */
    PCIE,
    /** NIC to its leaf switch: the scale-out port of a GPU. */
    NIC,
    /** Leaf to spine switch. */
    LEAF_SPINE,
    /** Spine to core switch (3-level fat trees only). */
    SPINE_CORE;

    /** True for links between two switches of the scale-out fabric (the links a network bill of materials prices). */
    public boolean isSwitchToSwitch() {
        return this == LEAF_SPINE || this == SPINE_CORE;
    }
}

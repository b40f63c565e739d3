package org.clustersim.topology;

/** Tiers of scale-out switches, as the bill of materials counts them. NVSwitch chips belong to the node, not here. */
public enum SwitchTier {
    LEAF, SPINE, CORE;

    public String spelling() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package org.clustersim.topology;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a fabric is made of: switches by tier, switch-to-switch links, NIC-to-switch links, NICs, transceivers and
 * cables. NVSwitch chips are part of the node (the HGX baseboard) and are not counted here.
 *
 * <p>Transceivers are an assumption (nothing in reference/ counts them): {@value #TRANSCEIVERS_PER_SWITCH_LINK} per
 * switch-to-switch link (optical at both ends) and {@value #TRANSCEIVERS_PER_NIC_LINK} per NIC-to-switch link. Every
 * link is one cable.
 */
public record BillOfMaterials(
        int endpoints,
        int nodes,
        int nics,
        int switchRadix,
        int leafSwitches,
        int spineSwitches,
        int coreSwitches,
        long leafSpineLinks,
        long spineCoreLinks,
        long nicLinks) {

    /** Assumption: switch-to-switch links are optical with a transceiver at each end. */
    public static final int TRANSCEIVERS_PER_SWITCH_LINK = 2;
    /** Assumption: one transceiver per NIC-to-switch link. */
    public static final int TRANSCEIVERS_PER_NIC_LINK = 1;

    public int switches() {
        return leafSwitches + spineSwitches + coreSwitches;
    }

    public Map<SwitchTier, Integer> switchesByTier() {
        Map<SwitchTier, Integer> byTier = new EnumMap<>(SwitchTier.class);
        byTier.put(SwitchTier.LEAF, leafSwitches);
        byTier.put(SwitchTier.SPINE, spineSwitches);
        byTier.put(SwitchTier.CORE, coreSwitches);
        return Collections.unmodifiableMap(byTier);
    }

    /** Switch-to-switch links, the "Links" of ISCA'25 Table 3. */
    public long switchLinks() {
        return leafSpineLinks + spineCoreLinks;
    }

    public long transceivers() {
        return TRANSCEIVERS_PER_SWITCH_LINK * switchLinks() + TRANSCEIVERS_PER_NIC_LINK * nicLinks;
    }

    public long cables() {
        return switchLinks() + nicLinks;
    }

    public FabricCounts counts(String name) {
        return new FabricCounts(name, endpoints, switches(), switchLinks());
    }

    /** switches x switch price + switch-to-switch links x link price (+ nodes x NIC price per node, if given). */
    public NetworkCost cost(NetworkPrices prices) {
        return new NetworkCost(switches() * prices.switchUsd(), switchLinks() * prices.linkUsd(),
                nodes * prices.nicUsdPerNode(), endpoints);
    }
}

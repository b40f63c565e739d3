package org.clustersim.topology;

import java.util.Objects;

/**
 * Unit prices of a network: network cost = switches x switch price + switch-to-switch links x link price, plus nodes x
 * NIC price per node when that is given. The link price covers the cable and its transceivers.
 *
 * @param nicUsdPerNode 0 when NICs are not counted in network cost (they are usually in the server price)
 * @param source        where the prices come from, echoed wherever a cost is printed
 */
public record NetworkPrices(double switchUsd, double linkUsd, double nicUsdPerNode, String source) {

    public NetworkPrices {
        Objects.requireNonNull(source, "source");
        if (!(switchUsd >= 0) || !(linkUsd >= 0) || !(nicUsdPerNode >= 0)) {
            throw new IllegalArgumentException("prices must be >= 0");
        }
    }

    public boolean countsNics() {
        return nicUsdPerNode > 0;
    }

    public NetworkPrices withNicUsdPerNode(double value, String nicSource) {
        return new NetworkPrices(switchUsd, linkUsd, value, source + "; NICs: " + nicSource);
    }
}

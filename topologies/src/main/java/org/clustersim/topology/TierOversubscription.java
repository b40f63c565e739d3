package org.clustersim.topology;

/**
 * Oversubscription of one switch tier: its down-port bandwidth over its up-port bandwidth, per switch. Ports all run
 * at the NIC line rate, so the ratio is a ratio of port counts.
 *
 * @param downPorts ports facing endpoints (leaf) or the tier below (spine), per switch, as designed
 * @param upPorts   ports facing the tier above, per switch; 0 when the tier has nothing above it
 */
public record TierOversubscription(SwitchTier tier, int downPorts, int upPorts) {

    /** Down over up; 1 is non-blocking; infinite when there is nothing above (a lone leaf). */
    public double ratio() {
        return upPorts == 0 ? Double.POSITIVE_INFINITY : (double) downPorts / upPorts;
    }
}

package org.clustersim.topology;

/**
 * Fits the two unit prices of {@link NetworkPrices} (per switch, per switch-to-switch link) on two fabrics of known
 * cost: two equations, two unknowns, solved exactly.
 */
public final class PriceFit {

    private PriceFit() {
    }

    /**
     * Solves {@code a.switches x s + a.switchLinks x l = costA} and the same for {@code b}.
     *
     * @throws IllegalArgumentException if the two fabrics have proportional counts (no unique solution) or the fit
     *                                  gives a negative price
     */
    public static NetworkPrices fit(FabricCounts a, double costUsdA, FabricCounts b, double costUsdB, String source) {
        double det = (double) a.switches() * b.switchLinks() - (double) a.switchLinks() * b.switches();
        if (Math.abs(det) < 1e-9 * Math.abs((double) a.switches() * b.switchLinks())) {
            throw new IllegalArgumentException(a.name() + " and " + b.name() + " have proportional counts: "
                    + "two prices cannot be told apart");
        }
        double switchUsd = (costUsdA * b.switchLinks() - a.switchLinks() * costUsdB) / det;
        double linkUsd = (a.switches() * costUsdB - costUsdA * b.switches()) / det;
        if (switchUsd < 0 || linkUsd < 0) {
            throw new IllegalArgumentException("fit gives a negative price: switch " + switchUsd + ", link " + linkUsd);
        }
        return new NetworkPrices(switchUsd, linkUsd, 0, source);
    }
}

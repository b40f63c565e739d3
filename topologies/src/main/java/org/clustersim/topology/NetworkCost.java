package org.clustersim.topology;

/** Network cost split by what it buys. */
public record NetworkCost(double switchesUsd, double linksUsd, double nicsUsd, long endpoints) {

    public double totalUsd() {
        return switchesUsd + linksUsd + nicsUsd;
    }

    public double perEndpointUsd() {
        return totalUsd() / endpoints;
    }
}

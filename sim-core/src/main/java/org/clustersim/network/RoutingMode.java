package org.clustersim.network;

/** How a fabric spreads one flow over equal-cost paths. */
public enum RoutingMode {
    /**
     * Even (fluid) spreading: a flow puts weight 1/width on every link of each route stage. On fat trees this gives
     * the exact per-link loads of ideal ECMP, and flows that are symmetric under the topology get equal rates.
     */
    ECMP,
    /** One path per flow, chosen by a deterministic hash of (source, destination, flow key, seed): every stage has one link. */
    HASHED
}

package org.clustersim.network.model;

/** How closely a network model follows the traffic: the three fidelities of DESIGN.md, one interface. */
public enum Fidelity {
    /**
     * alpha-beta per operation: latency plus the operation's own bottleneck (the most loaded resource of its own
     * traffic over that resource's achievable capacity). O(1) events per phase; concurrent operations do not contend.
     */
    ANALYTICAL("analytical"),
    /**
     * Max-min fair sharing by water-filling, re-solved when the set of active flows changes. Flows that are symmetric
     * are solved as one class with a multiplicity (exact under even ECMP spreading).
     */
    FLOW("flow"),
    /** The flow-level solver with classes off: every flow its own variable. For validation on small clusters. */
    PER_FLOW("per-flow");

    private final String spelling;

    Fidelity(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    /** The fidelity with this spelling, or null. */
    public static Fidelity ofSpelling(String text) {
        for (Fidelity f : values()) {
            if (f.spelling.equalsIgnoreCase(text.strip())) {
                return f;
            }
        }
        return null;
    }
}

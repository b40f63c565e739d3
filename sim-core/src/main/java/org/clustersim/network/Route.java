package org.clustersim.network;

import java.util.Arrays;

/**
 * The links one flow crosses from a source endpoint to a destination endpoint, as a sequence of stages. Each stage is a
 * set of equal-cost alternative links over which the flow is split evenly: a flow of rate x loads every link of stage
 * s with x / {@link #width(int) width(s)}. A single-path route has width 1 at every stage. The number of stages is the
 * hop count.
 *
 * <p>Routes are immutable and cheap: fabrics share one link array per switch among all the routes that use it, so a
 * route holds references, not copies. That is why the constructor takes ownership of its arrays instead of copying
 * them, and why there is no accessor returning an internal array.
 */
public final class Route {

    /** The route of a flow from an endpoint to itself: no links. */
    public static final Route EMPTY = new Route(new int[0][]);

    private final int[][] stages;

    /**
     * A route over these stages. The arrays are not copied: the caller hands over arrays that nobody will modify
     * afterwards (a fabric's shared per-switch link tables qualify).
     *
     * @throws IllegalArgumentException if a stage is empty
     */
    public Route(int[][] stages) {
        for (int[] stage : stages) {
            if (stage.length == 0) {
                throw new IllegalArgumentException("a route stage must have at least one link");
            }
        }
        this.stages = stages;
    }

    /** Number of stages, which is the number of hops. */
    public int stageCount() {
        return stages.length;
    }

    /** Number of equal-cost alternatives at this stage. */
    public int width(int stage) {
        return stages[stage].length;
    }

    /** The {@code index}-th alternative link of this stage. */
    public int link(int stage, int index) {
        return stages[stage][index];
    }

    /** Share of the flow each link of this stage carries (1 / width). */
    public double weight(int stage) {
        return 1.0 / stages[stage].length;
    }

    /** True when every stage has exactly one link. */
    public boolean isSinglePath() {
        for (int[] stage : stages) {
            if (stage.length != 1) {
                return false;
            }
        }
        return true;
    }

    /** Total number of (stage, link) incidences: what a flow-level solver pays for this route. */
    public int incidenceCount() {
        int n = 0;
        for (int[] stage : stages) {
            n += stage.length;
        }
        return n;
    }

    /** A copy of one stage's links. */
    public int[] stageLinks(int stage) {
        return stages[stage].clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Route other && Arrays.deepEquals(stages, other.stages);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(stages);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Route[");
        for (int s = 0; s < stages.length; s++) {
            if (s > 0) {
                b.append(" > ");
            }
            int[] stage = stages[s];
            if (stage.length == 1) {
                b.append(stage[0]);
            } else {
                b.append('{').append(stage[0]).append(", ... x").append(stage.length).append('}');
            }
        }
        return b.append(']').toString();
    }
}

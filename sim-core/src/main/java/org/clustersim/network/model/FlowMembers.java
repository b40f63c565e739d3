package org.clustersim.network.model;

import java.util.Arrays;

/**
 * The member flows of one flow class: who sends to whom, each flow optionally forwarded by a relay rank (the flow
 * crosses the fabric's route from source to relay, then from relay to destination, as one flow: NCCL's PXN, or the
 * NVLink hop before a rail of a multi-plane fabric). All members of a class carry the same bytes; the bytes live in
 * {@link TrafficPhase} so that one set of members serves every message size.
 *
 * <p>Immutable and compared by identity: network models cache what they derive from a {@code FlowMembers} (routes
 * folded into per-resource coefficients) under the object itself, so a collective planner that reuses the object
 * for every size of the same collective pays the routing once.
 */
public final class FlowMembers {

    /** Relay value meaning "no relay". */
    public static final int NONE = -1;

    private final String role;
    private final int[] sources;
    private final int[] relays; // null when no member has a relay
    private final int[] destinations;

    private FlowMembers(String role, int[] sources, int[] relays, int[] destinations) {
        this.role = role;
        this.sources = sources;
        this.relays = relays;
        this.destinations = destinations;
    }

    /** What these flows are, for reports and debugging ("ring", "ib", "nvlink-forward", ...). */
    public String role() {
        return role;
    }

    public int size() {
        return sources.length;
    }

    public int source(int member) {
        return sources[member];
    }

    /** The relay of a member, or {@link #NONE}. */
    public int relay(int member) {
        return relays == null ? NONE : relays[member];
    }

    public int destination(int member) {
        return destinations[member];
    }

    public static Builder builder(String role) {
        return new Builder(role, 16);
    }

    /** A builder sized for about {@code expectedFlows} flows. */
    public static Builder builder(String role, int expectedFlows) {
        return new Builder(role, Math.max(4, expectedFlows));
    }

    @Override
    public String toString() {
        return "FlowMembers[" + role + ", " + sources.length + " flows]";
    }

    /** Collects members; {@link #build()} freezes them. Self flows (source = destination) are dropped. */
    public static final class Builder {
        private final String role;
        private int[] src;
        private int[] relay;
        private int[] dst;
        private int size;
        private boolean anyRelay;

        private Builder(String role, int capacity) {
            this.role = role;
            this.src = new int[capacity];
            this.relay = new int[capacity];
            this.dst = new int[capacity];
        }

        public Builder add(int source, int destination) {
            return add(source, NONE, destination);
        }

        /** A flow forwarded by {@code relay} (or {@link #NONE}); a relay equal to either end is no relay. */
        public Builder add(int source, int relayRank, int destination) {
            if (source < 0 || destination < 0 || relayRank < NONE) {
                throw new IllegalArgumentException("negative rank in flow " + source + " -> " + destination);
            }
            if (source == destination) {
                return this;
            }
            if (relayRank == source || relayRank == destination) {
                relayRank = NONE;
            }
            if (size == src.length) {
                int capacity = size * 2;
                src = Arrays.copyOf(src, capacity);
                relay = Arrays.copyOf(relay, capacity);
                dst = Arrays.copyOf(dst, capacity);
            }
            src[size] = source;
            relay[size] = relayRank;
            dst[size] = destination;
            anyRelay |= relayRank != NONE;
            size++;
            return this;
        }

        public int size() {
            return size;
        }

        public FlowMembers build() {
            return new FlowMembers(role, Arrays.copyOf(src, size), anyRelay ? Arrays.copyOf(relay, size) : null,
                    Arrays.copyOf(dst, size));
        }
    }
}

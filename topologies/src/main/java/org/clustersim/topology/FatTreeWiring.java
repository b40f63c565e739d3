package org.clustersim.topology;

import java.util.Locale;

/** Port arithmetic and leaf-spine wiring shared by the fat-tree builders. */
final class FatTreeWiring {

    private FatTreeWiring() {
    }

    /** Down and up ports of a leaf. */
    record LeafPorts(int down, int up) {
    }

    /**
     * Splits a leaf's ports so that down / up is as close to the oversubscription as whole ports allow without
     * exceeding it: up = ceil(radix / (oversubscription + 1)). 64 ports at 1:1 give 32 + 32, at 3:1 give 48 + 16.
     */
    static LeafPorts leafPorts(FabricParameters p) {
        int up = (int) Math.ceil(p.switchRadix() / (p.oversubscription() + 1) - 1e-9);
        up = Math.max(1, Math.min(up, p.switchRadix() - 1));
        return new LeafPorts(p.switchRadix() - up, up);
    }

    /** The smallest divisor of n that is at least min, or -1 if min exceeds n. */
    static int smallestDivisorAtLeast(int n, int min) {
        for (int d = Math.max(1, min); d <= n; d++) {
            if (n % d == 0) {
                return d;
            }
        }
        return -1;
    }

    static int ceilDiv(long a, long b) {
        return Math.toIntExact((a + b - 1) / b);
    }

    /**
     * Adds spines above the given leaves and cables every leaf to every spine over the same number of parallel
     * links. The spine count is the smallest divisor of the leaf's up ports that gives the spines enough ports; a
     * single leaf needs no spine. The caller has checked that leaves.length does not exceed the radix.
     *
     * @return spines added
     */
    static int wireLeavesToSpines(FabricAssembler a, int[] leaves, int plane, int pod, LeafPorts ports, int radix) {
        if (leaves.length <= 1) {
            return 0;
        }
        int spines = smallestDivisorAtLeast(ports.up(), ceilDiv((long) leaves.length * ports.up(), radix));
        if (spines < 0) {
            throw new IllegalStateException("more leaves than ports on a spine: " + leaves.length);
        }
        int parallel = ports.up() / spines;
        int[] spineVertices = new int[spines];
        for (int s = 0; s < spines; s++) {
            spineVertices[s] = a.addSpine(plane, pod);
        }
        for (int leaf : leaves) {
            for (int spine : spineVertices) {
                for (int j = 0; j < parallel; j++) {
                    a.connectLeafSpine(leaf, spine);
                }
            }
        }
        return spines;
    }

    static String ratio(double oversubscription) {
        return FabricParameters.number(oversubscription) + ":1";
    }

    static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static TopologyParameterError tooManyEndpoints(FabricParameters p, String shape, long capacity, String hint) {
        return new TopologyParameterError("switchRadix", Integer.toString(p.switchRadix()),
                String.format(Locale.ROOT, "a %s of %d-port switches at %s holds at most %s endpoints; this cluster "
                        + "has %s GPUs", shape, p.switchRadix(), ratio(p.oversubscription()), thousands(capacity),
                        thousands(p.endpoints())), hint);
    }
}

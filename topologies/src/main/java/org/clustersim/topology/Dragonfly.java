package org.clustersim.topology;

/**
 * Counts of a Dragonfly (Kim, Dally, Scott and Abts, ISCA'08): groups of a switches, each switch with p endpoints, a - 1
 * links to the other switches of its group and h global links. The canonical balance is a = 2p = 2h. Global links are
 * counted as groups x a x h / 2, every global port used. Counts only: no graph is built.
 *
 * <p>p = h = 16, a = 32 and 511 groups reproduce ISCA'25 Table 3's Dragonfly row exactly: 16,352 switches, 261,632
 * endpoints, 384,272 links, router radix 63 (deepseek-v3.md A.5; derived here, the table does not state its
 * parameters). The largest canonical Dragonfly of that radix would have a x h + 1 = 513 groups.
 */
public record Dragonfly(int endpointsPerSwitch, int switchesPerGroup, int globalLinksPerSwitch, int groups) {

    public Dragonfly {
        if (endpointsPerSwitch < 1 || switchesPerGroup < 1 || globalLinksPerSwitch < 1 || groups < 2) {
            throw new IllegalArgumentException("Dragonfly parameters must be positive, with at least 2 groups");
        }
        if (groups > switchesPerGroup * globalLinksPerSwitch + 1) {
            throw new IllegalArgumentException("a Dragonfly has at most a x h + 1 groups: " + groups);
        }
        if ((long) groups * switchesPerGroup * globalLinksPerSwitch % 2 != 0) {
            throw new IllegalArgumentException("groups x a x h must be even: every global link has two ends");
        }
    }

    /** The canonical Dragonfly a = 2p = 2h with this many groups. */
    public static Dragonfly canonical(int endpointsPerSwitch, int groups) {
        return new Dragonfly(endpointsPerSwitch, 2 * endpointsPerSwitch, endpointsPerSwitch, groups);
    }

    public long switches() {
        return (long) switchesPerGroup * groups;
    }

    public int routerRadix() {
        return endpointsPerSwitch + switchesPerGroup - 1 + globalLinksPerSwitch;
    }

    public FabricCounts counts() {
        long a = switchesPerGroup;
        long local = groups * a * (a - 1) / 2;
        long global = groups * a * globalLinksPerSwitch / 2;
        return new FabricCounts("DF", switches() * endpointsPerSwitch, switches(), local + global);
    }
}

package org.clustersim.topology;

/**
 * Counts of a Slim Fly (Besta and Hoefler, SC'14) from its MMS-graph parameter q = 4w + delta, delta in {-1, 0, 1}:
 * 2q^2 switches of network radix k' = (3q - delta)/2, p = ceil(k'/2) endpoints per switch (the paper's choice for full
 * global bandwidth), 2q^2 k'/2 switch-to-switch links. Counts only: no graph is built.
 *
 * <p>q = 28 (delta 0, k' = 42, p = 21, router radix 63) reproduces ISCA'25 Table 3's Slim Fly row exactly: 1,568
 * switches, 32,928 endpoints, 32,928 links (deepseek-v3.md A.5; derived here, the table does not state q). 28 is not a
 * prime power, so no MMS graph of that size exists; the table uses the size formulas, and so does this class.
 */
public record SlimFly(int q) {

    public SlimFly {
        if (q < 2 || Math.floorMod(q, 4) == 2) {
            throw new IllegalArgumentException("Slim Fly needs q = 4w + delta with delta in {-1, 0, 1}: " + q);
        }
    }

    public int delta() {
        int r = Math.floorMod(q, 4);
        return r == 3 ? -1 : r;
    }

    public long switches() {
        return 2L * q * q;
    }

    /** Ports of a switch that go to other switches. */
    public int networkRadix() {
        return (3 * q - delta()) / 2;
    }

    public int endpointsPerSwitch() {
        return (networkRadix() + 1) / 2;
    }

    /** Ports a switch needs in all. */
    public int routerRadix() {
        return networkRadix() + endpointsPerSwitch();
    }

    public FabricCounts counts() {
        return new FabricCounts("SF", switches() * endpointsPerSwitch(), switches(),
                switches() * networkRadix() / 2);
    }
}

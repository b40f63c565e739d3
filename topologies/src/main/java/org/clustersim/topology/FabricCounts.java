package org.clustersim.topology;

/**
 * The three counts a network cost needs, for a fabric built or only counted by formula. {@code switchLinks} counts
 * switch-to-switch links, the way ISCA'25 Table 3 does (its Links column equals the endpoint count for FT2, MPFT and
 * Slim Fly: deepseek-v3.md A.5).
 */
public record FabricCounts(String name, long endpoints, long switches, long switchLinks) {

    public FabricCounts {
        if (endpoints <= 0 || switches < 0 || switchLinks < 0) {
            throw new IllegalArgumentException("counts must be >= 0 and endpoints > 0");
        }
    }

    /** switches x switch price + links x link price (NICs are not part of these counts). */
    public double costUsd(NetworkPrices prices) {
        return switches * prices.switchUsd() + switchLinks * prices.linkUsd();
    }

    public double costPerEndpointUsd(NetworkPrices prices) {
        return costUsd(prices) / endpoints;
    }

    /** Non-blocking 2-level fat tree of k-port switches at full size: k leaves, k/2 spines, k^2/2 endpoints. */
    public static FabricCounts fatTree2(int radix) {
        long k = evenRadix(radix);
        return new FabricCounts("FT2", k * k / 2, k + k / 2, k * k / 2);
    }

    /** Non-blocking 3-level fat tree at full size: k pods of k/2 leaves and k/2 spines, (k/2)^2 cores, k^3/4 endpoints. */
    public static FabricCounts fatTree3(int radix) {
        long k = evenRadix(radix);
        return new FabricCounts("FT3", k * k * k / 4, 5 * k * k / 4, k * k * k / 2);
    }

    /** {@code planes} independent full 2-level fat trees, one GPU-NIC pair per plane. */
    public static FabricCounts multiPlane(int radix, int planes) {
        FabricCounts one = fatTree2(radix);
        return new FabricCounts("MPFT", one.endpoints * planes, one.switches * planes, one.switchLinks * planes);
    }

    private static long evenRadix(int radix) {
        if (radix < 2 || radix % 2 != 0) {
            throw new IllegalArgumentException("full fat-tree formulas need an even radix >= 2: " + radix);
        }
        return radix;
    }
}

package org.clustersim.cost;

/**
 * The prices of owning and running servers. Defaults with no published source are labelled assumptions wherever
 * they are reported (fleet-and-hardware.md, "Parameters with no published source here").
 *
 * @param depreciationYears           straight-line life of servers and network
 * @param electricityUsdPerKwh        energy price
 * @param facilityUsdPerKwMonth       colocation / data-centre space and cooling per kW of IT capacity per month
 * @param maintenanceFractionPerYear  support and repairs per year as a fraction of capex
 */
public record OwnershipPrices(double depreciationYears, double electricityUsdPerKwh, double facilityUsdPerKwMonth,
                              double maintenanceFractionPerYear) {

    public OwnershipPrices {
        if (!(depreciationYears > 0)) {
            throw new IllegalArgumentException("depreciation period must be > 0 years");
        }
        if (!(electricityUsdPerKwh >= 0) || !(facilityUsdPerKwMonth >= 0) || !(maintenanceFractionPerYear >= 0)) {
            throw new IllegalArgumentException("prices must be >= 0");
        }
    }
}

package org.clustersim.cost;

/**
 * What one pool of identical servers costs to own for a year, broken into its parts.
 *
 * @param serverCapexUsd   servers (with their GPUs)
 * @param networkCapexUsd  scale-out fabric from the bill of materials
 * @param storageCapexUsd  storage bought for the pool
 * @param facilityWatts    facility power at average training load (IT x PUE)
 */
public record PoolCost(String name, int gpus, double serverCapexUsd, double networkCapexUsd, double storageCapexUsd,
                       double facilityWatts, double depreciationUsdPerYear, double electricityUsdPerYear,
                       double facilityUsdPerYear, double maintenanceUsdPerYear) {

    public double capexUsd() {
        return serverCapexUsd + networkCapexUsd + storageCapexUsd;
    }

    /** Cash operating cost per year: electricity, facility and maintenance (depreciation is not cash). */
    public double opexUsdPerYear() {
        return electricityUsdPerYear + facilityUsdPerYear + maintenanceUsdPerYear;
    }

    /** Total cost of ownership per year: depreciation plus opex. */
    public double tcoUsdPerYear() {
        return depreciationUsdPerYear + opexUsdPerYear();
    }

    /** Owning cost of one GPU-hour if every hour of the year were used. */
    public double usdPerGpuHourAtFullUse() {
        return tcoUsdPerYear() / (gpus * CostModel.HOURS_PER_YEAR);
    }
}

package org.clustersim.scenario.fleet;

import java.util.List;
import org.clustersim.cost.PoolCost;
import org.clustersim.cost.Reconciliation;
import org.clustersim.run.Assumption;

/**
 * A fleet priced and sized: per enabled pool and in total. Disabled pools are listed in {@link #disabledPools()} and
 * count in no total.
 *
 * @param runOwnedUsd          the scenario's run at ownership cost (the waterfall's second bar)
 * @param runOwnedBasis        how {@code runOwnedUsd} was obtained
 * @param reconciliation       rental headline to fleet capex; empty when the scenario gives no rental price
 * @param reportedCapexUsd     the reported capex compared with (information, not a fitted target)
 * @param reportedOpexUsdPerYear the reported operating cost compared with
 */
public record FleetResult(List<Pool> pools, List<String> disabledPools, double runOwnedUsd, String runOwnedBasis,
                          List<Reconciliation.Step> reconciliation, double reportedCapexUsd,
                          double reportedOpexUsdPerYear, double researchShare, double inferenceShare,
                          double runShare, String runScalingMethod, List<Assumption> assumptions) {

    /**
     * One enabled pool.
     *
     * @param cost               capex, power and yearly costs from {@code CostModel.pool}
     * @param peakBf16FlopsPerSecond  dense BF16 peak of all its GPUs
     * @param peakFp8FlopsPerSecond   dense FP8 peak of all its GPUs (0 for GPUs without FP8)
     * @param runGpuHours        the reference run's GPU-hours scaled to this pool's GPU (an approximation)
     * @param runDays            those GPU-hours spread over all the pool's GPUs
     * @param runsPerYear        runs that fit in {@code runShare} of a year
     */
    public record Pool(String name, String gpu, int gpusPerNode, double serverUsdPerNode, PoolCost cost,
                       double peakBf16FlopsPerSecond, double peakFp8FlopsPerSecond, double runGpuHours,
                       double runDays, double runsPerYear, String priceSource) {
    }

    public double capexUsd() {
        return pools.stream().mapToDouble(p -> p.cost().capexUsd()).sum();
    }

    public double serverCapexUsd() {
        return pools.stream().mapToDouble(p -> p.cost().serverCapexUsd()).sum();
    }

    public double networkCapexUsd() {
        return pools.stream().mapToDouble(p -> p.cost().networkCapexUsd()).sum();
    }

    public double storageCapexUsd() {
        return pools.stream().mapToDouble(p -> p.cost().storageCapexUsd()).sum();
    }

    /** Cash opex per year: electricity + facility + maintenance (no depreciation). */
    public double opexUsdPerYear() {
        return pools.stream().mapToDouble(p -> p.cost().opexUsdPerYear()).sum();
    }

    public double electricityUsdPerYear() {
        return pools.stream().mapToDouble(p -> p.cost().electricityUsdPerYear()).sum();
    }

    public double facilityUsdPerYear() {
        return pools.stream().mapToDouble(p -> p.cost().facilityUsdPerYear()).sum();
    }

    public double maintenanceUsdPerYear() {
        return pools.stream().mapToDouble(p -> p.cost().maintenanceUsdPerYear()).sum();
    }

    public double depreciationUsdPerYear() {
        return pools.stream().mapToDouble(p -> p.cost().depreciationUsdPerYear()).sum();
    }

    /** Opex plus depreciation. */
    public double tcoUsdPerYear() {
        return pools.stream().mapToDouble(p -> p.cost().tcoUsdPerYear()).sum();
    }

    public double facilityWatts() {
        return pools.stream().mapToDouble(p -> p.cost().facilityWatts()).sum();
    }

    public int gpus() {
        return pools.stream().mapToInt(p -> p.cost().gpus()).sum();
    }

    public double peakBf16FlopsPerSecond() {
        return pools.stream().mapToDouble(Pool::peakBf16FlopsPerSecond).sum();
    }

    public double peakFp8FlopsPerSecond() {
        return pools.stream().mapToDouble(Pool::peakFp8FlopsPerSecond).sum();
    }

    public double capexRatioToReported() {
        return capexUsd() / reportedCapexUsd;
    }

    /** Opex + depreciation over the reported operating cost. */
    public double tcoRatioToReported() {
        return tcoUsdPerYear() / reportedOpexUsdPerYear;
    }

    /** Cash opex alone over the reported operating cost. */
    public double opexRatioToReported() {
        return opexUsdPerYear() / reportedOpexUsdPerYear;
    }
}

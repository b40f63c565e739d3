package org.clustersim.cost;

/**
 * Cost arithmetic, two ways: <b>rental</b> (GPU-hours x price per GPU-hour) and <b>ownership</b> (capex depreciated
 * straight-line, plus electricity, facility and maintenance). A run on owned hardware is charged its share of the
 * pool's time: its wall-clock duration over a year, times the pool's yearly cost of ownership.
 */
public final class CostModel {

    public static final double HOURS_PER_YEAR = 8760.0;
    public static final double SECONDS_PER_YEAR = HOURS_PER_YEAR * 3600.0;

    private CostModel() {
    }

    public static double rentalUsd(double gpuHours, double usdPerGpuHour) {
        if (!(gpuHours >= 0) || !(usdPerGpuHour >= 0)) {
            throw new IllegalArgumentException("GPU-hours and price must be >= 0");
        }
        return gpuHours * usdPerGpuHour;
    }

    /**
     * The yearly cost of one pool.
     *
     * @param nodes               servers in the pool
     * @param gpusPerNode         GPUs per server
     * @param serverUsdPerNode    price of one server with its GPUs
     */
    public static PoolCost pool(String name, int nodes, int gpusPerNode, double serverUsdPerNode,
                                double networkCapexUsd, double storageCapexUsd, PowerModel power,
                                OwnershipPrices prices) {
        if (nodes < 1 || gpusPerNode < 1) {
            throw new IllegalArgumentException("a pool needs at least one node and one GPU per node");
        }
        if (!(serverUsdPerNode >= 0) || !(networkCapexUsd >= 0) || !(storageCapexUsd >= 0)) {
            throw new IllegalArgumentException("capex must be >= 0");
        }
        double serverCapex = nodes * serverUsdPerNode;
        double capex = serverCapex + networkCapexUsd + storageCapexUsd;
        double facilityWatts = nodes * power.facilityWattsPerNode(gpusPerNode);
        double itKw = nodes * power.itWattsPerNode(gpusPerNode) / 1000.0;
        double electricity = facilityWatts / 1000.0 * HOURS_PER_YEAR * prices.electricityUsdPerKwh();
        double facility = itKw * 12 * prices.facilityUsdPerKwMonth();
        double maintenance = capex * prices.maintenanceFractionPerYear();
        double depreciation = capex / prices.depreciationYears();
        return new PoolCost(name, nodes * gpusPerNode, serverCapex, networkCapexUsd, storageCapexUsd, facilityWatts,
                depreciation, electricity, facility, maintenance);
    }

    /**
     * Ownership cost of a run that occupies {@code runGpus} of the pool's GPUs for {@code wallSeconds}: that fraction
     * of the pool for that fraction of a year.
     */
    public static double ownershipUsdForRun(PoolCost pool, int runGpus, double wallSeconds) {
        if (runGpus < 0 || runGpus > pool.gpus()) {
            throw new IllegalArgumentException("run uses " + runGpus + " GPUs of a " + pool.gpus() + "-GPU pool");
        }
        return pool.tcoUsdPerYear() * ((double) runGpus / pool.gpus()) * (wallSeconds / SECONDS_PER_YEAR);
    }
}

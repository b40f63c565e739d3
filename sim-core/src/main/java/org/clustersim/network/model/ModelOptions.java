package org.clustersim.network.model;

/**
 * Knobs of the network models, with the defaults every production run uses.
 *
 * @param aggregateStages  treat each ECMP stage as one constraint (exact on fabrics whose stages partition their links,
 *                         which every {@code topologies} fabric does); off expands every stage into its links
 * @param verifyClasses    check that flow classes are equitable and split those that are not (flow-level only)
 * @param recordStatistics keep per-link bytes and per-tier utilisation ({@link LinkStatistics})
 */
public record ModelOptions(boolean aggregateStages, boolean verifyClasses, boolean recordStatistics) {

    public static final ModelOptions DEFAULT = new ModelOptions(true, true, false);

    public ModelOptions withStatistics(boolean value) {
        return new ModelOptions(aggregateStages, verifyClasses, value);
    }

    public ModelOptions withAggregateStages(boolean value) {
        return new ModelOptions(value, verifyClasses, recordStatistics);
    }

    public ModelOptions withVerifyClasses(boolean value) {
        return new ModelOptions(aggregateStages, value, recordStatistics);
    }
}

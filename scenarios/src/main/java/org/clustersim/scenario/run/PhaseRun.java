package org.clustersim.scenario.run;

/**
 * One training phase's totals.
 *
 * @param steps       optimizer steps (tokens / tokens per step), fractional when the last step is partial
 * @param stepSeconds simulated time of one step at the phase's shape (NaN for compute-only estimates)
 * @param assumedPlan the phase's own plan when it differs from the published one, or empty
 * @param timeSeconds wall-clock time including checkpoints, failures and restarts
 * @param goodput     useful time over wall-clock time
 */
public record PhaseRun(String name, double tokens, double steps, double stepSeconds, double timeSeconds,
                       double gpuHours, String assumedPlan, double goodput) {
}

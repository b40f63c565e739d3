package org.clustersim.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * The bridge from a headline run cost (DeepSeek's $5.6M of rented GPU-hours) to what the fleet costs, as a waterfall of
 * named steps that add up exactly. The first five steps reach one year of the fleet's cost of ownership (depreciation
 * plus opex); the last adds the part of the purchase price not yet depreciated, so the total is the fleet's first-year
 * cash cost: capex plus one year of opex. The shares are stated inputs, not measurements.
 */
public final class Reconciliation {

    /** One bar of the waterfall: a name, an amount that adds to the running total, and what it stands for. */
    public record Step(String name, double usd, String basis) {
    }

    /**
     * @param headlineRunUsd      the final run at rental prices
     * @param runOwnedUsd         the same run at ownership cost (its share of the pools it used)
     * @param fleetTcoUsdPerYear  the whole fleet's yearly cost of ownership
     * @param researchShare       share of fleet time spent on ablations and research runs (stated)
     * @param inferenceShare      share of fleet time spent serving (stated)
     * @param fleetDepreciationUsdPerYear the depreciation part of that yearly cost
     * @param fleetCapexUsd       the fleet's capital cost
     */
    public static List<Step> waterfall(double headlineRunUsd, double runOwnedUsd, double fleetTcoUsdPerYear,
                                       double researchShare, double inferenceShare,
                                       double fleetDepreciationUsdPerYear, double fleetCapexUsd) {
        if (researchShare < 0 || inferenceShare < 0 || researchShare + inferenceShare > 1) {
            throw new IllegalArgumentException("shares must be >= 0 and add to at most 1");
        }
        double research = fleetTcoUsdPerYear * researchShare;
        double inference = fleetTcoUsdPerYear * inferenceShare;
        double idle = fleetTcoUsdPerYear - runOwnedUsd - research - inference;
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("final run at rental price", headlineRunUsd, "GPU-hours x $/GPU-hour"));
        steps.add(new Step("rental to ownership price", runOwnedUsd - headlineRunUsd,
                "the same run at its share of the pool's yearly cost of ownership"));
        steps.add(new Step("ablations and research", research, "stated share of fleet time"));
        steps.add(new Step("inference serving", inference, "stated share of fleet time"));
        steps.add(new Step("rest of the fleet's year", idle, "remaining capacity (other work or idle)"));
        steps.add(new Step("capex not yet depreciated", fleetCapexUsd - fleetDepreciationUsdPerYear,
                "purchase price less the year's depreciation: total = capex + one year of opex"));
        return List.copyOf(steps);
    }

    private Reconciliation() {
    }
}

package org.clustersim.scenario.spec;

import java.util.List;
import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.Required;

/**
 * A fleet of GPU pools owned alongside the scenario's run. Power, facility, maintenance and depreciation prices come
 * from the scenario's {@code costs} section; the shares are stated assumptions, not measurements.
 */
@Doc("A fleet of owned GPU pools: capex, yearly opex, power, peak FLOPS, and how the scenario's run maps onto it.")
public record FleetSpec(
        @Required @Doc("The pools of identical servers.") List<PoolSpec> pools,
        @Range(min = 0, max = 1) @Doc("Share of fleet time spent on ablations and research runs (default 0, a "
                + "stated assumption).") Double researchShare,
        @Range(min = 0, max = 1) @Doc("Share of fleet time spent serving inference (default 0, a stated "
                + "assumption).") Double inferenceShare,
        @Range(min = 0.001, max = 1) @Doc("Share of a year the reference run may use on one pool, for runs per year "
                + "(default 1 - researchShare - inferenceShare).") Double runShare,
        @Range(min = 0.01, max = 1000) @Doc("Yuan per US dollar for serverPriceCny (default 7.2, an assumption).")
        Double cnyPerUsd,
        @Range(min = 0) @Doc("Reported fleet server capex to compare with (default $1.6B, SemiAnalysis via Tom's "
                + "Hardware, fleet-and-hardware.md B).") org.clustersim.units.Money reportedCapex,
        @Range(min = 0) @Doc("Reported operating cost to compare with (default $944M, same source).")
        org.clustersim.units.Money reportedOpex) {
}

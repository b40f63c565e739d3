package org.clustersim.scenario.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.clustersim.cost.CostModel;
import org.clustersim.cost.OwnershipPrices;
import org.clustersim.cost.PoolCost;
import org.clustersim.cost.PowerModel;
import org.clustersim.cost.Reconciliation;
import org.clustersim.hardware.GpuType;
import org.clustersim.run.Assumption;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.bind.Bound;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.run.RunResult;
import org.clustersim.scenario.source.Suggestions;
import org.clustersim.scenario.spec.CostsSpec;
import org.clustersim.scenario.spec.FleetSpec;
import org.clustersim.scenario.spec.GpuSpec;
import org.clustersim.scenario.spec.NodeSpec;
import org.clustersim.scenario.spec.ParallelismSpec;
import org.clustersim.scenario.spec.PoolSpec;
import org.clustersim.scenario.spec.ScenarioSpec;

/**
 * Prices and sizes a scenario's {@code fleet}: capex, yearly opex and depreciation, power and peak FLOPS per enabled
 * pool and in total; how long the scenario's run would take on each pool; and the waterfall from the run's rental
 * headline to the fleet's cost. Ownership prices (electricity, PUE, facility, maintenance, GPU draw, depreciation)
 * are read from the scenario's {@code costs} with the same defaults as {@code ScenarioRunner}.
 */
public final class FleetCalculator {

    /** DGX-class server over its GPUs: "servers add roughly 25%" (fleet-and-hardware.md C.3). */
    static final double DEFAULT_SERVER_OVERHEAD = 1.25;
    /** Network per endpoint: ISCA'25 Table 3, MPFT row, $4.39K per endpoint (deepseek-v3.md A.5). */
    static final double DEFAULT_NETWORK_USD_PER_GPU = 4390;
    /** Assumption: no sourced exchange rate in the reference folder (fleet-and-hardware.md, unsourced parameters). */
    static final double DEFAULT_CNY_PER_USD = 7.2;
    /** Reported server capex, ~$1.6B (SemiAnalysis via Tom's Hardware; fleet-and-hardware.md B). */
    static final double REPORTED_CAPEX_USD = 1.6e9;
    /** Reported operating cost, ~$944M (same source; fleet-and-hardware.md B). */
    static final double REPORTED_OPEX_USD = 944e6;
    static final String DEFAULT_NODE = "hgx-8gpu";
    static final int DEFAULT_GPUS_PER_NODE = 8;

    private final Catalog catalog;

    public FleetCalculator(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Checks the fleet section without a run (located errors, exit 2); does nothing when there is no fleet. */
    public void check(Scenario scenario) {
        FleetSpec fleet = scenario.spec().value().fleet();
        if (fleet != null) {
            Bound<ScenarioSpec> bound = scenario.spec();
            shares(fleet, bound);
            for (int i = 0; i < fleet.pools().size(); i++) {
                poolGpu(fleet.pools().get(i), i, bound);
                serverUsd(fleet, fleet.pools().get(i), i, bound);
                nodes(fleet.pools().get(i), i, bound);
                overheadWatts(fleet.pools().get(i), i, bound);
            }
        }
    }

    /** The fleet of {@code scenario} with {@code run} (that scenario's result) as the reference run. */
    public FleetResult compute(Scenario scenario, RunResult run) {
        FleetSpec fleet = scenario.spec().value().fleet();
        Bound<ScenarioSpec> bound = scenario.spec();
        if (fleet == null) {
            throw new IllegalArgumentException("scenario '" + scenario.name() + "' has no fleet");
        }
        double[] shares = shares(fleet, bound);
        double research = shares[0];
        double inference = shares[1];
        double runShare = shares[2];
        List<Assumption> assumptions = new ArrayList<>();
        assumptions.add(new Assumption("fleet.researchShare", fmt(research), "of fleet time",
                fleet.researchShare() != null ? "scenario file (stated assumption)" : Assumption.UNSOURCED));
        assumptions.add(new Assumption("fleet.inferenceShare", fmt(inference), "of fleet time",
                fleet.inferenceShare() != null ? "scenario file (stated assumption)" : Assumption.UNSOURCED));
        assumptions.add(new Assumption("fleet.runShare", fmt(runShare), "of a year",
                fleet.runShare() != null ? "scenario file (stated assumption)"
                        : "assumption: 1 - researchShare - inferenceShare"));
        OwnershipPrices prices = prices(scenario.spec().value().costs(), assumptions);
        CostsSpec costs = scenario.spec().value().costs();
        double draw = costs != null && costs.gpuPowerDraw() != null ? costs.gpuPowerDraw() : 0.75;
        double pue = costs != null && costs.pue() != null ? costs.pue() : 1.25;
        assumptions.add(new Assumption("costs.gpuPowerDraw", fmt(draw), "of TDP",
                costs != null && costs.gpuPowerDraw() != null ? "scenario file" : "Epoch's assumption (C.2)"));
        assumptions.add(new Assumption("costs.pue", fmt(pue), "", costs != null && costs.pue() != null
                ? "scenario file" : "Epoch default (C.2)"));
        if (fleet.pools().stream().anyMatch(p -> p.serverPriceCny() != null)) {
            assumptions.add(new Assumption("fleet.cnyPerUsd", fmt(cnyPerUsd(fleet)), "CNY/USD",
                    fleet.cnyPerUsd() != null ? "scenario file (stated assumption)"
                            : "assumption: no sourced exchange rate in the reference folder"));
        }

        GpuType reference = scenario.cluster().gpu();
        boolean fp8Run = runsFp8(scenario);
        String method = "GPU-hours on pool = reference GPU-hours x (reference GPU dense " + (fp8Run ? "FP8" : "BF16")
                + " peak / pool GPU dense peak at the same precision, BF16 when the pool GPU has no FP8); "
                + "days = GPU-hours / pool GPUs / 24. An approximation: it assumes the same MFU on every GPU and "
                + "ignores memory, network and plan differences";
        double referencePeak = peak(reference, fp8Run);

        List<FleetResult.Pool> pools = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        PoolCost runPool = null;
        for (int i = 0; i < fleet.pools().size(); i++) {
            PoolSpec spec = fleet.pools().get(i);
            GpuType gpu = poolGpu(spec, i, bound);
            double serverUsd = serverUsd(fleet, spec, i, bound);
            int nodes = nodes(spec, i, bound);
            if (spec.enabled() != null && !spec.enabled()) {
                disabled.add(spec.name());
                continue;
            }
            int perNode = spec.gpusPerNode() != null ? spec.gpusPerNode() : DEFAULT_GPUS_PER_NODE;
            double networkPerGpu = spec.networkCostPerGpu() != null ? spec.networkCostPerGpu().usd()
                    : DEFAULT_NETWORK_USD_PER_GPU;
            double storage = spec.storageCapex() != null ? spec.storageCapex().usd() : 0;
            PowerModel power = new PowerModel(gpu.tdpWatts(), draw, overheadWatts(spec, i, bound), pue);
            PoolCost cost = CostModel.pool(spec.name(), nodes, perNode, serverUsd,
                    networkPerGpu * spec.gpus(), storage, power, prices);
            double poolPeak = peak(gpu, fp8Run);
            double gpuHours = run.gpuHours() * referencePeak / poolPeak;
            double days = gpuHours / spec.gpus() / 24.0;
            double runsPerYear = runShare * 365.0 / days;
            pools.add(new FleetResult.Pool(spec.name(), gpu.id(), perNode, serverUsd, cost,
                    spec.gpus() * gpu.bf16DenseFlopsPerSecond(), spec.gpus() * gpu.fp8DenseFlopsPerSecond(),
                    gpuHours, days, runsPerYear, priceSource(fleet, spec)));
            if (runPool == null && gpu.id().equals(reference.id())) {
                runPool = cost;
            }
        }
        if (pools.isEmpty()) {
            throw new ScenarioError(bound.at("fleet.pools"), "every pool of the fleet is disabled", null,
                    "set 'enabled: true' on at least one pool");
        }
        if (runPool == null) {
            runPool = pools.get(0).cost();
        }

        double runOwned;
        String runOwnedBasis;
        if (Double.isFinite(run.ownershipUsd())) {
            runOwned = run.ownershipUsd();
            runOwnedBasis = "the scenario run's ownership cost (its share of owning its own cluster)";
        } else {
            runOwned = run.gpuHours() * runPool.usdPerGpuHourAtFullUse();
            runOwnedBasis = String.format(Locale.ROOT, "run GPU-hours x pool '%s' cost of ownership per GPU-hour "
                    + "at full use ($%.3f)", runPool.name(), runPool.usdPerGpuHourAtFullUse());
        }
        double tco = pools.stream().mapToDouble(p -> p.cost().tcoUsdPerYear()).sum();
        double capex = pools.stream().mapToDouble(p -> p.cost().capexUsd()).sum();
        double depreciation = pools.stream().mapToDouble(p -> p.cost().depreciationUsdPerYear()).sum();
        List<Reconciliation.Step> steps = Double.isFinite(run.rentalUsd())
                ? Reconciliation.waterfall(run.rentalUsd(), runOwned, tco, research, inference, depreciation,
                capex) : List.of();
        double reportedCapex = fleet.reportedCapex() != null ? fleet.reportedCapex().usd() : REPORTED_CAPEX_USD;
        double reportedOpex = fleet.reportedOpex() != null ? fleet.reportedOpex().usd() : REPORTED_OPEX_USD;
        return new FleetResult(pools, disabled, runOwned, runOwnedBasis, steps, reportedCapex, reportedOpex,
                research, inference, runShare, method, assumptions);
    }

    /** research, inference and run shares; research + inference must not exceed 1. */
    private static double[] shares(FleetSpec fleet, Bound<ScenarioSpec> bound) {
        double research = fleet.researchShare() != null ? fleet.researchShare() : 0;
        double inference = fleet.inferenceShare() != null ? fleet.inferenceShare() : 0;
        if (research + inference > 1) {
            throw new ScenarioError(bound.at(fleet.inferenceShare() != null ? "fleet.inferenceShare"
                    : "fleet.researchShare"), "fleet shares add up to more than 1",
                    fmt(research) + " + " + fmt(inference), "researchShare + inferenceShare must be at most 1");
        }
        double runShare = fleet.runShare() != null ? fleet.runShare() : 1 - research - inference;
        if (fleet.runShare() != null && research + inference + runShare > 1 + 1e-12) {
            throw new ScenarioError(bound.at("fleet.runShare"), "fleet shares add up to more than 1",
                    fmt(research) + " + " + fmt(inference) + " + " + fmt(runShare),
                    "researchShare + inferenceShare + runShare must be at most 1");
        }
        if (!(runShare > 0)) {
            throw new ScenarioError(bound.at("fleet"), "no share of the year is left for the run", null,
                    "lower researchShare or inferenceShare, or set runShare");
        }
        return new double[] {research, inference, runShare};
    }

    private OwnershipPrices prices(CostsSpec costs, List<Assumption> assumptions) {
        boolean has = costs != null;
        double years = has && costs.depreciation() != null
                ? costs.depreciation().seconds() / CostModel.SECONDS_PER_YEAR : 4;
        double kwh = has && costs.electricityPrice() != null ? costs.electricityPrice().usd() : 0.08;
        double facility = has && costs.facilityPrice() != null ? costs.facilityPrice().usd() : 150;
        double maintenance = has && costs.maintenanceFraction() != null ? costs.maintenanceFraction() : 0.05;
        assumptions.add(new Assumption("costs.depreciation", fmt(years), "years",
                has && costs.depreciation() != null ? "scenario file" : Assumption.UNSOURCED));
        assumptions.add(new Assumption("costs.electricityPrice", fmt(kwh), "USD/kWh",
                has && costs.electricityPrice() != null ? "scenario file"
                        : "EIA 2023 US industrial via Epoch (C.2)"));
        assumptions.add(new Assumption("costs.facilityPrice", fmt(facility), "USD/kW-month",
                has && costs.facilityPrice() != null ? "scenario file" : Assumption.UNSOURCED));
        assumptions.add(new Assumption("costs.maintenanceFraction", fmt(maintenance), "of capex per year",
                has && costs.maintenanceFraction() != null ? "scenario file" : Assumption.UNSOURCED));
        return new OwnershipPrices(years, kwh, facility, maintenance);
    }

    private GpuType poolGpu(PoolSpec spec, int i, Bound<ScenarioSpec> bound) {
        GpuSpec g = catalog.gpus().get(spec.gpu());
        if (g == null) {
            throw new ScenarioError(bound.at(path(i, "gpu")), "unknown GPU preset '" + spec.gpu() + "'",
                    spec.gpu(), Suggestions.hint(spec.gpu(), catalog.gpus().keySet()));
        }
        return new GpuType(spec.gpu(), g.name() != null ? g.name() : spec.gpu(), g.bf16Dense().flopsPerSecond(),
                g.fp8Dense() == null ? 0 : g.fp8Dense().flopsPerSecond(), g.hbmCapacity().bytes(),
                g.hbmBandwidth().bytesPerSecond(), g.nvlinkBandwidth().bytesPerSecond(),
                g.nvlinkEfficiency() == null ? 0.8 : g.nvlinkEfficiency(), g.tdp().watts(), g.sms());
    }

    private double overheadWatts(PoolSpec spec, int i, Bound<ScenarioSpec> bound) {
        String id = spec.node() != null ? spec.node() : DEFAULT_NODE;
        NodeSpec node = catalog.nodes().get(id);
        if (node == null) {
            throw new ScenarioError(bound.at(path(i, "node")), "unknown node preset '" + id + "'", id,
                    Suggestions.hint(id, catalog.nodes().keySet()));
        }
        return node.serverOverheadPower() == null ? 0 : node.serverOverheadPower().watts();
    }

    private static int nodes(PoolSpec spec, int i, Bound<ScenarioSpec> bound) {
        int perNode = spec.gpusPerNode() != null ? spec.gpusPerNode() : DEFAULT_GPUS_PER_NODE;
        if (spec.gpus() % perNode != 0) {
            throw new ScenarioError(bound.at(path(i, "gpus")), "pool '" + spec.name() + "' has " + spec.gpus()
                    + " GPUs, not a whole number of " + perNode + "-GPU servers", String.valueOf(spec.gpus()),
                    "use a multiple of gpusPerNode, e.g. " + (spec.gpus() / perNode + 1) * perNode);
        }
        return spec.gpus() / perNode;
    }

    /** Price of one server in USD from exactly one of serverPrice, gpuPrice x gpusPerNode x overhead, or CNY. */
    private static double serverUsd(FleetSpec fleet, PoolSpec spec, int i, Bound<ScenarioSpec> bound) {
        int given = (spec.serverPrice() != null ? 1 : 0) + (spec.gpuPrice() != null ? 1 : 0)
                + (spec.serverPriceCny() != null ? 1 : 0);
        if (given != 1) {
            throw new ScenarioError(bound.at("fleet.pools[" + i + "]"), "pool '" + spec.name() + "' needs exactly "
                    + "one price, has " + given, null, "give one of serverPrice ($358000/node), gpuPrice "
                    + "($12500/GPU) or serverPriceCny (1200000)");
        }
        int perNode = spec.gpusPerNode() != null ? spec.gpusPerNode() : DEFAULT_GPUS_PER_NODE;
        if (spec.serverPrice() != null) {
            return spec.serverPrice().usd();
        }
        if (spec.gpuPrice() != null) {
            double overhead = spec.serverOverhead() != null ? spec.serverOverhead() : DEFAULT_SERVER_OVERHEAD;
            return perNode * spec.gpuPrice().usd() * overhead;
        }
        return spec.serverPriceCny() / cnyPerUsd(fleet);
    }

    private static String priceSource(FleetSpec fleet, PoolSpec spec) {
        String basis;
        if (spec.serverPrice() != null) {
            basis = "serverPrice " + spec.serverPrice();
        } else if (spec.gpuPrice() != null) {
            basis = "gpuPrice " + spec.gpuPrice() + " x GPUs per node x serverOverhead "
                    + fmt(spec.serverOverhead() != null ? spec.serverOverhead() : DEFAULT_SERVER_OVERHEAD);
        } else {
            basis = "serverPriceCny " + fmt(spec.serverPriceCny()) + " / " + fmt(cnyPerUsd(fleet)) + " CNY/USD";
        }
        return spec.source() != null ? basis + " (" + spec.source() + ")" : basis;
    }

    private static double cnyPerUsd(FleetSpec fleet) {
        return fleet.cnyPerUsd() != null ? fleet.cnyPerUsd() : DEFAULT_CNY_PER_USD;
    }

    private static boolean runsFp8(Scenario scenario) {
        ParallelismSpec plan = scenario.spec().value().parallelism();
        return plan != null && plan.precision() == ParallelismSpec.Precision.FP8 && scenario.cluster().gpu().supportsFp8();
    }

    /** Dense peak at the run's precision; GPUs without FP8 run FP8 work at their BF16 rate. */
    private static double peak(GpuType gpu, boolean fp8) {
        return fp8 && gpu.supportsFp8() ? gpu.fp8DenseFlopsPerSecond() : gpu.bf16DenseFlopsPerSecond();
    }

    private static String path(int i, String key) {
        return "fleet.pools[" + i + "]." + key;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

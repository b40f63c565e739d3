package org.clustersim.scenario.run;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.error.UserError;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.run.Assumption;
import org.clustersim.run.ComputeOnlyRun;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.spec.CostsSpec;
import org.clustersim.scenario.step.EfficiencyCatalog;
import org.clustersim.scenario.step.StepCache;
import org.clustersim.workload.ComputeEfficiencyParameters;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.scenario.workload.WorkloadCheck;
import org.clustersim.step.StepOptions;
import org.clustersim.cost.CostModel;
import org.clustersim.cost.OwnershipPrices;
import org.clustersim.cost.PoolCost;
import org.clustersim.cost.PowerModel;
import org.clustersim.engine.RandomStreams;
import org.clustersim.reliability.CheckpointRestartModel;
import org.clustersim.reliability.FailureModel;
import org.clustersim.reliability.GoodputEstimate;
import org.clustersim.scenario.spec.FailuresSpec;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.OptimizerMoments;
import org.clustersim.workload.ParameterCounts;
import org.clustersim.scenario.spec.PhaseSpec;
import org.clustersim.scenario.spec.TrainingSpec;

/**
 * Wires a loaded {@link Scenario} into a simulation and collects a {@link RunResult}: a simulated step per phase when
 * the scenario has a model and a plan, otherwise the compute-only estimate of phases given by their FLOPs.
 */
public final class ScenarioRunner {

    /** Default assumed MFU for compute-only phases: DeepSeek-V3 measured 0.39-0.44 (ISCA'25 Table 4). */
    static final double DEFAULT_ASSUMED_MFU = 0.4;
    static final long DEFAULT_SEED = 1;

    private final String toolVersion;
    private final Catalog catalog;
    private final StepCache stepCache;
    /** Read once per runner: parsing the catalog resource costs milliseconds, a sweep runs thousands of points. */
    private final ComputeEfficiencyParameters efficiency;

    public ScenarioRunner(String toolVersion, Catalog catalog) {
        this(toolVersion, catalog, StepCache.NONE);
    }

    /** A runner whose simulated steps go through {@code stepCache} (sweeps share one across their points). */
    public ScenarioRunner(String toolVersion, Catalog catalog, StepCache stepCache) {
        this.toolVersion = toolVersion;
        this.catalog = catalog;
        this.stepCache = java.util.Objects.requireNonNull(stepCache, "stepCache");
        this.efficiency = EfficiencyCatalog.calibrated();
    }

    public RunResult run(Scenario scenario) {
        return run(scenario, StepOptions.BALANCED);
    }

    /**
     * Runs the scenario: one simulated step per phase when it has a model and a plan, scaled by the phase's steps;
     * otherwise the compute-only estimate.
     */
    public RunResult run(Scenario scenario, StepOptions options) {
        if (scenario.spec().value().model() != null && scenario.spec().value().parallelism() != null) {
            StepRunner.Steps steps = new StepRunner(catalog, efficiency, stepCache)
                    .run(scenario, options);
            if (!steps.phases().isEmpty()) {
                return fromSteps(scenario, steps);
            }
        }
        return computeOnly(scenario);
    }

    /** Llama 3: 419 unexpected interruptions in 54 days on 16,384 GPUs (fleet-and-hardware.md, Reliability). */
    static final double LLAMA3_FAILURES_PER_GPU_HOUR = 419.0 / (54 * 24 * 16_384);
    static final double DEFAULT_CHECKPOINT_BYTES_PER_SECOND = 400e9;
    static final double DEFAULT_RESTART_SECONDS = 600;
    static final int DEFAULT_REPLICATIONS = 200;

    private RunResult fromSteps(Scenario scenario, StepRunner.Steps steps) {
        List<Assumption> assumptions = baseAssumptions(scenario);
        String effSource = "fitted by 'clustersim calibrate' on scenarios/validation (catalog/compute-efficiency.yaml)";
        assumptions.add(new Assumption("compute.maxGemmEfficiency", fmt(efficiency.maxGemmEfficiency()), "fraction",
                effSource));
        assumptions.add(new Assumption("compute.fp8GemmScale", fmt(efficiency.fp8GemmScale()), "fraction",
                effSource));
        assumptions.add(new Assumption("compute.attentionEfficiency", fmt(efficiency.attentionEfficiency()),
                "fraction", effSource));
        assumptions.add(new Assumption("compute.hbmEfficiency", fmt(efficiency.hbmEfficiency()), "fraction",
                Assumption.UNSOURCED));
        TrainingSpec training = scenario.spec().value().training();
        CheckpointRestartModel failures = failureModel(scenario, steps, assumptions);
        long seed = training != null && training.seed() != null ? training.seed() : DEFAULT_SEED;
        RandomStreams streams = new RandomStreams(seed);
        int replications = training != null && training.failures() != null
                && training.failures().monteCarloReplications() != null
                ? training.failures().monteCarloReplications() : DEFAULT_REPLICATIONS;
        double interval = training != null && training.failures() != null
                && training.failures().checkpointInterval() != null
                ? training.failures().checkpointInterval().seconds() : Double.NaN;

        List<PhaseRun> phases = new ArrayList<>();
        double wall = 0;
        double useful = 0;
        double gpuHours = 0;
        double monteCarloWall = 0;
        long events = 0;
        boolean ramp = false;
        int gpus = scenario.cluster().gpuCount();
        List<PhaseSpec> specs = training != null && training.phases() != null ? training.phases() : List.of();
        for (PhaseSpec spec : specs) {
            StepRunner.PhaseStep ps = steps.phases().stream().filter(p -> p.phase().equals(spec.name())).findFirst()
                    .orElse(null);
            if (ps == null) {
                if (spec.gpuHours() != null) { // a budget, not simulated
                    double hours = spec.gpuHours().value();
                    double seconds = hours * 3600 / gpus;
                    phases.add(new PhaseRun(spec.name(), Double.NaN, Double.NaN, Double.NaN, seconds, hours, "",
                            1.0));
                    wall += seconds;
                    useful += seconds;
                    monteCarloWall += seconds;
                    gpuHours += hours;
                }
                continue;
            }
            double tokensPerStep = (double) ps.training().globalBatch() * ps.training().sequenceLength();
            double stepCount = spec.steps() != null ? spec.steps()
                    : spec.tokens() != null ? spec.tokens().value() / tokensPerStep : 1;
            double tokens = stepCount * tokensPerStep;
            double usefulSeconds = stepCount * ps.step().timeSeconds();
            String rampPlan = "";
            if (spec.batchRampStart() != null) { // the ramp's slices replace its tokens at the final batch
                ramp = true;
                stepCount = (tokens - spec.batchRampTokens().value()) / tokensPerStep;
                usefulSeconds = stepCount * ps.step().timeSeconds();
                for (StepRunner.PhaseStep slice : steps.phases()) {
                    if (slice.ramp() == null || !slice.ramp().phase().equals(spec.name())) {
                        continue;
                    }
                    double sliceSteps = slice.ramp().tokens()
                            / ((double) slice.training().globalBatch() * slice.training().sequenceLength());
                    stepCount += sliceSteps;
                    usefulSeconds += sliceSteps * slice.step().timeSeconds();
                    if (slice.ramp().assumedPlan()) { // slices come in batch order: keep the largest
                        rampPlan = "ramp up to batch " + slice.training().globalBatch() + ": " + slice.plan().describe();
                    }
                }
            }
            int phaseGpus = (int) ps.plan().gpus();
            GoodputEstimate expected = failures.expected(usefulSeconds, phaseGpus,
                    phaseGpus / scenario.cluster().gpusPerNode(), interval);
            double mcWall = replications > 0 ? failures.monteCarlo(usefulSeconds, phaseGpus,
                    phaseGpus / scenario.cluster().gpusPerNode(), interval, replications,
                    streams.stream("failures")).wallSeconds() : expected.wallSeconds();
            double hours = expected.wallSeconds() * phaseGpus / 3600.0;
            String assumed = spec.parallelism() != null ? ps.plan().describe() : "";
            if (!rampPlan.isEmpty()) {
                assumed = assumed.isEmpty() ? rampPlan : assumed + "; " + rampPlan;
            }
            phases.add(new PhaseRun(spec.name(), tokens, stepCount, ps.step().timeSeconds(), expected.wallSeconds(),
                    hours, assumed, expected.goodput()));
            wall += expected.wallSeconds();
            useful += usefulSeconds;
            monteCarloWall += mcWall;
            gpuHours += hours;
            events += ps.step().timeline().ranks().stream().mapToLong(java.util.List::size).sum();
        }
        if (ramp) {
            assumptions.add(new Assumption("training.batchRamp",
                    WorkloadCheck.RAMP_SEGMENTS + " slices of equal tokens", "",
                    "assumption: each slice simulated at the batch of its token midpoint"));
        }
        double rental = rental(scenario, gpuHours, assumptions);
        PoolCost pool = ownershipPool(scenario, assumptions);
        double ownership = pool == null ? Double.NaN
                : CostModel.ownershipUsdForRun(pool, scenario.cluster().gpuCount(), wall);
        return new RunResult(scenario.name(), scenario.spec().value().description(), scenario.sourceFile(),
                scenario.cluster(), "step", steps.phases(), phases, wall, gpuHours, rental, events, assumptions,
                toolVersion, wall == 0 ? 1.0 : useful / wall, monteCarloWall, ownership, pool);
    }

    /** The scenario's failure and checkpoint model, with every default echoed as an assumption. */
    private CheckpointRestartModel failureModel(Scenario scenario, StepRunner.Steps steps,
                                                List<Assumption> assumptions) {
        TrainingSpec training = scenario.spec().value().training();
        FailuresSpec spec = training != null ? training.failures() : null;
        double perGpu = LLAMA3_FAILURES_PER_GPU_HOUR;
        String perGpuSource = "Llama 3: 419 interruptions in 54 days on 16,384 GPUs (fleet-and-hardware.md)";
        if (spec != null && spec.perGpuHour() != null) {
            perGpu = spec.perGpuHour();
            perGpuSource = "scenario file";
        } else if (spec != null && spec.gpuMtbf() != null) { // checked > 0 by the loader
            perGpu = 1 / spec.gpuMtbf().hours();
            perGpuSource = "scenario file (1 / gpuMtbf)";
        }
        double perNode = spec != null && spec.perNodeHour() != null ? spec.perNodeHour() : 0;
        double bandwidth = spec != null && spec.checkpointBandwidth() != null
                ? spec.checkpointBandwidth().bytesPerSecond() : DEFAULT_CHECKPOINT_BYTES_PER_SECOND;
        double restart = spec != null && spec.restartTime() != null ? spec.restartTime().seconds()
                : DEFAULT_RESTART_SECONDS;
        // A checkpoint holds the whole training state: BF16 weights, FP32 master weights and the two moments.
        ModelShape model = steps.model();
        double momentBytes = steps.phases().isEmpty() ? 4
                : steps.phases().get(0).plan().optimizerMoments() == OptimizerMoments.BF16 ? 2 : 4;
        double checkpointBytes = ParameterCounts.of(model).totalWithMtp() * (2 + 4 + 2 * momentBytes);
        double checkpointSeconds = checkpointBytes / bandwidth;
        assumptions.add(new Assumption("training.failures.perGpuHour", fmt(perGpu), "interruptions/GPU-h",
                perGpuSource));
        assumptions.add(new Assumption("training.failures.checkpointBandwidth", fmt(bandwidth / 1e9), "GB/s",
                spec != null && spec.checkpointBandwidth() != null ? "scenario file" : Assumption.UNSOURCED));
        assumptions.add(new Assumption("training.failures.checkpointBytes", fmt(checkpointBytes / 1e9), "GB",
                "model state: BF16 weights + FP32 master + two moments"));
        assumptions.add(new Assumption("training.failures.restartTime", fmt(restart), "s",
                spec != null && spec.restartTime() != null ? "scenario file" : Assumption.UNSOURCED));
        return new CheckpointRestartModel(new FailureModel(perGpu, perNode, checkpointSeconds, restart));
    }

    /**
     * The yearly cost of owning the run's cluster, when the scenario prices the servers; null otherwise. Network capex
     * comes from the fabric's bill of materials. The run is charged its share of it for as long as it runs.
     */
    private PoolCost ownershipPool(Scenario scenario, List<Assumption> assumptions) {
        CostsSpec costs = scenario.spec().value().costs();
        if (costs == null || costs.serverPrice() == null) {
            return null;
        }
        ClusterConfig cluster = scenario.cluster();
        double network = BillOfMaterialsCost.networkCapexUsd(scenario);
        double storage = costs.storageCapex() != null ? costs.storageCapex().usd() : 0;
        double years = costs.depreciation() != null ? costs.depreciation().seconds() / CostModel.SECONDS_PER_YEAR : 4;
        double kwh = costs.electricityPrice() != null ? costs.electricityPrice().usd() : 0.08;
        double pue = costs.pue() != null ? costs.pue() : 1.25;
        double facility = costs.facilityPrice() != null ? costs.facilityPrice().usd() : 150;
        double maintenance = costs.maintenanceFraction() != null ? costs.maintenanceFraction() : 0.05;
        double draw = costs.gpuPowerDraw() != null ? costs.gpuPowerDraw() : 0.75;
        assumptions.add(new Assumption("costs.serverPrice", fmt(costs.serverPrice().usd()), "USD/node",
                "scenario file"));
        assumptions.add(new Assumption("costs.networkCapex", fmt(network), "USD",
                "fabric bill of materials at prices fitted on ISCA'25 Table 3"));
        assumptions.add(new Assumption("costs.depreciation", fmt(years), "years",
                costs.depreciation() != null ? "scenario file" : Assumption.UNSOURCED));
        assumptions.add(new Assumption("costs.electricityPrice", fmt(kwh), "USD/kWh",
                costs.electricityPrice() != null ? "scenario file" : "EIA 2023 US industrial via Epoch (C.2)"));
        assumptions.add(new Assumption("costs.pue", fmt(pue), "", costs.pue() != null ? "scenario file"
                : "Epoch default (C.2)"));
        assumptions.add(new Assumption("costs.facilityPrice", fmt(facility), "USD/kW-month",
                costs.facilityPrice() != null ? "scenario file" : Assumption.UNSOURCED));
        assumptions.add(new Assumption("costs.maintenanceFraction", fmt(maintenance), "of capex per year",
                costs.maintenanceFraction() != null ? "scenario file" : Assumption.UNSOURCED));
        assumptions.add(new Assumption("costs.gpuPowerDraw", fmt(draw), "of TDP", costs.gpuPowerDraw() != null
                ? "scenario file" : "Epoch's assumption (C.2)"));
        return CostModel.pool(cluster.gpu().id(), cluster.nodes(), cluster.gpusPerNode(),
                costs.serverPrice().usd(), network, storage,
                new PowerModel(cluster.gpu().tdpWatts(), draw, cluster.node().serverOverheadWatts(), pue),
                new OwnershipPrices(years, kwh, facility, maintenance));
    }

    private static PhaseSpec findPhase(TrainingSpec training, String name) {
        if (training == null || training.phases() == null) {
            return null;
        }
        for (PhaseSpec p : training.phases()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private List<Assumption> baseAssumptions(Scenario scenario) {
        List<Assumption> assumptions = new ArrayList<>();
        ClusterConfig cluster = scenario.cluster();
        assumptions.add(new Assumption("cluster.gpu", cluster.gpu().id(), "", scenario.gpuSource()));
        assumptions.add(new Assumption("cluster.gpu.bf16Dense", fmt(cluster.gpu().bf16DenseFlopsPerSecond() / 1e12),
                "TFLOPS", scenario.gpuSource()));
        assumptions.add(new Assumption("cluster.node", cluster.node().id(), "", scenario.nodeSource()));
        assumptions.add(new Assumption("cluster.gpus", Integer.toString(cluster.gpuCount()), "GPUs",
                "scenario file"));
        return assumptions;
    }

    private double rental(Scenario scenario, double gpuHours, List<Assumption> assumptions) {
        CostsSpec costs = scenario.spec().value().costs();
        if (costs != null && costs.gpuHourPrice() != null) {
            assumptions.add(new Assumption("costs.gpuHourPrice", fmt(costs.gpuHourPrice().usd()), "USD/GPU-h",
                    "scenario file"));
            return gpuHours * costs.gpuHourPrice().usd();
        }
        return Double.NaN;
    }

    private RunResult computeOnly(Scenario scenario) {
        TrainingSpec training = scenario.spec().value().training();
        List<Assumption> assumptions = baseAssumptions(scenario);
        ClusterConfig cluster = scenario.cluster();

        double mfu = DEFAULT_ASSUMED_MFU;
        String mfuSource = "assumption (DeepSeek-V3 measured 0.39-0.44 MFU, deepseek-v3.md A.6)";
        if (training != null && training.assumedMfu() != null) {
            mfu = training.assumedMfu();
            mfuSource = "scenario file";
        }
        List<ComputeOnlyRun.Phase> phases = new ArrayList<>();
        if (training != null && training.phases() != null) {
            for (int i = 0; i < training.phases().size(); i++) {
                PhaseSpec phase = training.phases().get(i);
                if (phase.flops() != null) {
                    try {
                        phases.add(new ComputeOnlyRun.Phase(phase.name(), phase.flops().value()));
                    } catch (IllegalArgumentException e) {
                        throw new ScenarioError(scenario.spec().at("training.phases[" + i + "].flops"),
                                "phase '" + phase.name() + "' has no work", phase.flops().toString(),
                                "give the phase a positive FLOP count");
                    }
                }
            }
        }
        if (phases.isEmpty()) {
            throw new ScenarioError(scenario.spec().at("training"), "nothing to run: no phase gives its work",
                    null, "add training.phases with 'flops' (e.g. flops: 3.3e24) for a compute-only estimate");
        }
        assumptions.add(new Assumption("training.assumedMfu", fmt(mfu), "fraction of dense BF16 peak", mfuSource));
        long seed = training != null && training.seed() != null ? training.seed() : DEFAULT_SEED;
        ComputeOnlyRun.Estimate estimate;
        try {
            estimate = ComputeOnlyRun.simulate(cluster, mfu, phases, seed);
        } catch (UserError e) {
            throw ScenarioError.at(scenario.spec().at("training"), null, e);
        }
        double rental = rental(scenario, estimate.gpuHours(), assumptions);
        List<PhaseRun> phaseRuns = new ArrayList<>();
        for (ComputeOnlyRun.PhaseEstimate p : estimate.phases()) {
            phaseRuns.add(new PhaseRun(p.name(), Double.NaN, Double.NaN, Double.NaN, p.timeSeconds(), p.gpuHours(),
                    "", 1.0));
        }
        return new RunResult(scenario.name(), scenario.spec().value().description(), scenario.sourceFile(), cluster,
                "compute-only", List.of(), phaseRuns, estimate.timeSeconds(), estimate.gpuHours(), rental,
                estimate.eventsFired(), assumptions, toolVersion, 1.0, estimate.timeSeconds(), Double.NaN);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

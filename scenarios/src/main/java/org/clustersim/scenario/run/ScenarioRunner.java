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
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.StepOptions;
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

    public ScenarioRunner(String toolVersion, Catalog catalog) {
        this.toolVersion = toolVersion;
        this.catalog = catalog;
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
            StepRunner.Steps steps = new StepRunner(catalog, EfficiencyCatalog.calibrated()).run(scenario, options);
            if (!steps.phases().isEmpty()) {
                return fromSteps(scenario, steps);
            }
        }
        return computeOnly(scenario);
    }

    private RunResult fromSteps(Scenario scenario, StepRunner.Steps steps) {
        List<Assumption> assumptions = baseAssumptions(scenario);
        var efficiency = EfficiencyCatalog.calibrated();
        String effSource = "fitted by 'clustersim calibrate' on scenarios/validation (catalog/compute-efficiency.yaml)";
        assumptions.add(new Assumption("compute.maxGemmEfficiency", fmt(efficiency.maxGemmEfficiency()), "fraction",
                effSource));
        assumptions.add(new Assumption("compute.fp8GemmScale", fmt(efficiency.fp8GemmScale()), "fraction",
                effSource));
        assumptions.add(new Assumption("compute.attentionEfficiency", fmt(efficiency.attentionEfficiency()),
                "fraction", effSource));
        assumptions.add(new Assumption("compute.hbmEfficiency", fmt(efficiency.hbmEfficiency()), "fraction",
                Assumption.UNSOURCED));
        List<PhaseRun> phases = new ArrayList<>();
        double time = 0;
        double gpuHours = 0;
        long events = 0;
        TrainingSpec training = scenario.spec().value().training();
        for (StepRunner.PhaseStep ps : steps.phases()) {
            PhaseSpec spec = findPhase(training, ps.phase());
            double tokensPerStep = (double) ps.training().globalBatch() * ps.training().sequenceLength();
            double tokens = spec != null && spec.tokens() != null ? spec.tokens().value() : tokensPerStep;
            double stepCount = tokens / tokensPerStep;
            double seconds = stepCount * ps.step().timeSeconds();
            double hours = seconds * ps.plan().gpus() / 3600.0;
            String assumed = spec != null && spec.parallelism() != null ? ps.plan().describe() : "";
            phases.add(new PhaseRun(ps.phase(), tokens, stepCount, ps.step().timeSeconds(), seconds, hours, assumed));
            time += seconds;
            gpuHours += hours;
            events += ps.step().timeline().ranks().stream().mapToLong(java.util.List::size).sum();
        }
        double rental = rental(scenario, gpuHours, assumptions);
        return new RunResult(scenario.name(), scenario.spec().value().description(), scenario.sourceFile(),
                scenario.cluster(), "step", steps.phases(), phases, time, gpuHours, rental, events, assumptions,
                toolVersion);
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
                    ""));
        }
        return new RunResult(scenario.name(), scenario.spec().value().description(), scenario.sourceFile(), cluster,
                "compute-only", List.of(), phaseRuns, estimate.timeSeconds(), estimate.gpuHours(), rental,
                estimate.eventsFired(), assumptions, toolVersion);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

package org.clustersim.scenario.run;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.error.UserError;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.run.Assumption;
import org.clustersim.run.ComputeOnlyRun;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.spec.CostsSpec;
import org.clustersim.scenario.spec.PhaseSpec;
import org.clustersim.scenario.spec.TrainingSpec;

/**
 * Wires a loaded {@link Scenario} into a simulation and collects a {@link RunResult}. Until the step simulator lands,
 * a run is the compute-only estimate of phases given by their FLOPs.
 */
public final class ScenarioRunner {

    /** Default assumed MFU for compute-only phases: DeepSeek-V3 measured 0.39-0.44 (ISCA'25 Table 4). */
    static final double DEFAULT_ASSUMED_MFU = 0.4;
    static final long DEFAULT_SEED = 1;

    private final String toolVersion;

    public ScenarioRunner(String toolVersion) {
        this.toolVersion = toolVersion;
    }

    public RunResult run(Scenario scenario) {
        TrainingSpec training = scenario.spec().value().training();
        List<Assumption> assumptions = new ArrayList<>();
        ClusterConfig cluster = scenario.cluster();
        assumptions.add(new Assumption("cluster.gpu", cluster.gpu().id(), "", scenario.gpuSource()));
        assumptions.add(new Assumption("cluster.gpu.bf16Dense", fmt(cluster.gpu().bf16DenseFlopsPerSecond() / 1e12),
                "TFLOPS", scenario.gpuSource()));
        assumptions.add(new Assumption("cluster.node", cluster.node().id(), "", scenario.nodeSource()));
        assumptions.add(new Assumption("cluster.gpus", Integer.toString(cluster.gpuCount()), "GPUs",
                "scenario file"));

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
        double rental = Double.NaN;
        CostsSpec costs = scenario.spec().value().costs();
        if (costs != null && costs.gpuHourPrice() != null) {
            rental = estimate.gpuHours() * costs.gpuHourPrice().usd();
            assumptions.add(new Assumption("costs.gpuHourPrice", fmt(costs.gpuHourPrice().usd()), "USD/GPU-h",
                    "scenario file"));
        }
        return new RunResult(scenario.name(), scenario.spec().value().description(), scenario.sourceFile(), cluster,
                estimate, rental, assumptions, toolVersion);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

package org.clustersim.scenario.step;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.error.UserError;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.workload.WorkloadCheck;
import org.clustersim.engine.RandomStreams;
import org.clustersim.step.ExpertLoad;
import org.clustersim.step.StepCommunication;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepResult;
import org.clustersim.step.StepSimulator;
import org.clustersim.workload.ComputeEfficiencyParameters;
import org.clustersim.workload.ComputeModel;
import org.clustersim.workload.MemoryReport;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.TrainingShape;

/** Resolves a scenario's model and plans and simulates one step of every phase that gives its step shape. */
public final class StepRunner {

    /**
     * One phase's simulated step.
     *
     * @param ramp for a step of one slice of a phase's batch ramp, which slice; null for the phase's own step
     */
    public record PhaseStep(String phase, ParallelPlan plan, TrainingShape training, MemoryReport memory,
                            StepResult step, WorkloadCheck.RampSegment ramp) {
    }

    /** The scenario's model and one step per phase (empty when it has no model or plan). */
    public record Steps(ModelShape model, List<PhaseStep> phases) {
        public Steps {
            phases = List.copyOf(phases);
        }
    }

    private final Catalog catalog;
    private final ComputeEfficiencyParameters efficiency;
    private final StepCache cache;

    public StepRunner(Catalog catalog, ComputeEfficiencyParameters efficiency) {
        this(catalog, efficiency, StepCache.NONE);
    }

    /** A runner that looks every step up in {@code cache} before simulating it (sweeps share one cache). */
    public StepRunner(Catalog catalog, ComputeEfficiencyParameters efficiency, StepCache cache) {
        this.catalog = catalog;
        this.efficiency = efficiency;
        this.cache = java.util.Objects.requireNonNull(cache, "cache");
    }

    public Steps run(Scenario scenario, StepOptions requested) {
        StepOptions options = scenarioOptions(scenario, requested);
        WorkloadCheck.Result workload = new WorkloadCheck(catalog).check(scenario);
        List<PhaseStep> out = new ArrayList<>();
        if (workload.model() == null) {
            return new Steps(null, out);
        }
        for (WorkloadCheck.PhasePlan phasePlan : workload.plans()) {
            if (phasePlan.training() == null) {
                continue;
            }
            ParallelPlan plan = phasePlan.plan();
            StepOptions phaseOptions = withExpertLoad(options, scenario, workload.model(), plan);
            StepKey key = new StepKey(workload.model(), plan, phasePlan.training(), scenario.cluster(), efficiency,
                    phaseOptions, StepCommunications.keyOf(scenario));
            try {
                StepResult step = cache.step(key, () -> {
                    ComputeModel compute = new ComputeModel(scenario.cluster().gpu(), efficiency, plan.commSms());
                    StepCommunication comm = StepCommunications.forScenario(scenario, workload.model(), plan);
                    return new StepSimulator(workload.model(), plan, phasePlan.training(), scenario.cluster(),
                            compute, comm).simulate(phaseOptions);
                });
                out.add(new PhaseStep(phasePlan.phase(), plan, phasePlan.training(), phasePlan.memory(), step,
                        phasePlan.ramp()));
            } catch (UserError e) {
                throw ScenarioError.at(scenario.spec().at("parallelism.schedule"), null, e);
            }
        }
        return new Steps(workload.model(), out);
    }

    /**
     * The options a step of {@code plan} runs with in this scenario: {@code requested} with the scenario's attention
     * kernel and its expert load as busiest-rank factors per expert-parallel group of the plan.
     */
    public static StepOptions optionsFor(Scenario scenario, ModelShape model, ParallelPlan plan,
                                         StepOptions requested) {
        return withExpertLoad(scenarioOptions(scenario, requested), scenario, model, plan);
    }

    private static StepOptions scenarioOptions(Scenario scenario, StepOptions requested) {
        StepOptions options = requested;
        var parallelism = scenario.spec().value().parallelism();
        if (parallelism != null && parallelism.attentionKernel() != null) {
            options = options.withAttentionKernel(
                    org.clustersim.step.AttentionKernel.valueOf(parallelism.attentionKernel().name()));
        }
        if (parallelism != null && parallelism.zeroCollectives() != null) {
            options = options.withZeroCollectives(
                    StepOptions.ZeroCollectives.valueOf(parallelism.zeroCollectives().name()));
        }
        return options;
    }

    /** The scenario's expert-load section as busiest-rank factors per expert-parallel group. */
    private static StepOptions withExpertLoad(StepOptions options, Scenario scenario, ModelShape model,
                                              ParallelPlan plan) {
        var training = scenario.spec().value().training();
        if (training == null || training.expertLoad() == null || !model.isMoe() || plan.expert() <= 1) {
            return options;
        }
        var load = training.expertLoad();
        int experts = model.moe().routedExperts();
        int groups = Math.max(1, plan.ranksPerStage() / plan.expert());
        try {
            if (load.histogram() != null) {
                double[] h = load.histogram().stream().mapToDouble(Double::doubleValue).toArray();
                if (h.length != experts) {
                    throw new UserError("expert histogram has " + h.length + " entries, the model " + experts
                            + " routed experts", "give one token count per routed expert");
                }
                return options.withExpertLoad(List.of(ExpertLoad.busiestRankFactor(h, plan.expert())));
            }
            double skew = load.skew() == null ? 0 : load.skew();
            long seed = training.seed() == null ? 1 : training.seed();
            RandomStreams streams = new RandomStreams(seed);
            return options.withExpertLoad(ExpertLoad.groupFactors(groups, experts, plan.expert(), skew,
                    Boolean.TRUE.equals(load.perGroup()), streams.stream("expert-load")));
        } catch (UserError e) {
            throw ScenarioError.at(scenario.spec().at("training.expertLoad"), null, e);
        }
    }
}

package org.clustersim.scenario.optimize;

import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;
import org.clustersim.error.UserError;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.bind.Bound;
import org.clustersim.scenario.bind.RecordOverlay;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.source.SourceLocation;
import org.clustersim.scenario.spec.CostsSpec;
import org.clustersim.scenario.spec.ParallelismSpec;
import org.clustersim.scenario.spec.PhaseSpec;
import org.clustersim.scenario.spec.ScenarioSpec;
import org.clustersim.scenario.workload.ModelResolver;
import org.clustersim.scenario.workload.PlanResolver;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.TrainingShape;

/**
 * What one search optimizes for: a scenario's model on its cluster at one training phase's step shape, how many steps
 * that phase runs, the GPU-hour price, and the scenario's own plan for the phase (the one the report ranks).
 *
 * @param phase              the phase's name
 * @param steps              optimizer steps of the phase (its steps, or its tokens over tokens per step, else 1)
 * @param gpuHourPriceUsd    the scenario's rental price, NaN when it gives none
 * @param fixed              the scenario's plan knobs that are not searched (precision, moments, commSms)
 * @param ownPlan            the scenario's plan for the phase (main plan with the phase's own keys laid over), or
 *                           null when it has none or it cannot be resolved
 * @param ownPlanProblem     why the scenario's plan cannot be ranked (empty when it can be)
 */
public record OptimizeTarget(Scenario scenario, ModelShape model, ClusterConfig cluster, TrainingShape training,
                             String phase, double steps, double gpuHourPriceUsd, ParallelPlan fixed,
                             ParallelPlan ownPlan, String ownPlanProblem) {

    public int gpus() {
        return cluster.gpuCount();
    }

    /**
     * Resolves a scenario for optimization.
     *
     * @param phaseName the phase to optimize, or null for the first phase with a sequence length and a global batch
     * @throws UserError when the scenario has no model, no such phase, or the phase has no step shape
     */
    public static OptimizeTarget of(Scenario scenario, Catalog catalog, String phaseName) {
        Bound<ScenarioSpec> bound = scenario.spec();
        ScenarioSpec spec = bound.value();
        ModelShape model = new ModelResolver(catalog).resolve(scenario);
        if (model == null) {
            throw new ScenarioError(bound.root(), "optimize needs a model to search plans for", null,
                    "add 'model: <preset>' (see 'clustersim catalog') or a full model definition");
        }
        List<PhaseSpec> phases = spec.training() == null || spec.training().phases() == null ? List.of()
                : spec.training().phases();
        int index = -1;
        for (int i = 0; i < phases.size(); i++) {
            PhaseSpec p = phases.get(i);
            boolean shaped = p.sequenceLength() != null && p.globalBatch() != null;
            if (phaseName == null ? shaped : p.name().equals(phaseName)) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            StringJoiner names = new StringJoiner(", ");
            phases.forEach(p -> names.add(p.name()));
            if (phaseName != null) {
                throw new UserError("the scenario has no phase '" + phaseName + "'",
                        phases.isEmpty() ? "add training.phases" : "use one of: " + names);
            }
            throw new ScenarioError(bound.at("training"), "optimize needs a training phase with sequenceLength and "
                    + "globalBatch (the step shape every plan must keep)", null,
                    "add them to a phase, e.g. sequenceLength: 4096, globalBatch: 1024");
        }
        PhaseSpec phase = phases.get(index);
        String at = "training.phases[" + index + "]";
        if (phase.sequenceLength() == null || phase.globalBatch() == null) {
            throw new ScenarioError(bound.at(at), "phase '" + phase.name() + "' has no step shape to optimize",
                    null, "give it sequenceLength and globalBatch");
        }
        TrainingShape training = new TrainingShape(phase.sequenceLength(), phase.globalBatch());
        double tokensPerStep = (double) training.globalBatch() * training.sequenceLength();
        double steps = phase.steps() != null ? phase.steps()
                : phase.tokens() != null ? phase.tokens().value() / tokensPerStep : 1;
        CostsSpec costs = spec.costs();
        double price = costs != null && costs.gpuHourPrice() != null ? costs.gpuHourPrice().usd() : Double.NaN;

        ParallelismSpec merged = spec.parallelism();
        if (phase.parallelism() != null) {
            merged = merged == null ? phase.parallelism() : RecordOverlay.overlay(merged, phase.parallelism());
        }
        Function<String, SourceLocation> locate = key -> bound.at(key.isEmpty() ? "parallelism"
                : "parallelism." + key);
        ParallelPlan fixed = PlanResolver.resolve(knobsOnly(merged), scenario.cluster(), locate);
        ParallelPlan own = null;
        String problem = "";
        if (merged == null) {
            problem = "the scenario has no parallelism section";
        } else {
            try {
                own = PlanResolver.resolve(merged, scenario.cluster(), locate);
            } catch (UserError e) {
                problem = e.getMessage();
            }
        }
        return new OptimizeTarget(scenario, model, scenario.cluster(), training, phase.name(), steps, price, fixed,
                own, problem);
    }

    /** The knobs optimize keeps from the scenario, with every searched degree left to its default. */
    private static ParallelismSpec knobsOnly(ParallelismSpec s) {
        if (s == null) {
            return null;
        }
        return new ParallelismSpec(null, null, null, null, null, null, null, null, null, null, s.precision(),
                s.commSms(), s.optimizerMoments(), s.attentionKernel(), s.zeroCollectives(),
                s.overlapForwardBackward(), null);
    }
}

package org.clustersim.scenario.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.bind.Bound;
import org.clustersim.scenario.bind.RecordOverlay;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.source.SourceLocation;
import org.clustersim.scenario.spec.ParallelismSpec;
import org.clustersim.scenario.spec.PhaseSpec;
import org.clustersim.scenario.spec.ScenarioSpec;
import org.clustersim.workload.MemoryModel;
import org.clustersim.workload.MemoryReport;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.PlanDoesNotFitError;
import org.clustersim.workload.TrainingShape;
import org.clustersim.workload.WorkloadError;

/**
 * Resolves a scenario's model and plan and checks the plan: its degrees, its schedule's constraints and, for every
 * training phase with a sequence length and a global batch, whether it fits in GPU memory. A phase's own
 * {@code parallelism} is laid over the main plan (only the keys that differ need writing). Every failure is a
 * {@link ScenarioError} at the key that caused it.
 */
public final class WorkloadCheck {

    /**
     * The plan of one phase, with its step shape and memory when the phase gives them.
     *
     * @param phase    the phase's name, or null for the main plan checked without a step shape
     * @param training null when the phase gives no sequence length and global batch
     * @param memory   null without a step shape
     * @param misfit   the located error to raise if the plan does not fit, else null
     * @param ramp     for one segment of a phase's batch ramp: which one; null for a phase itself
     */
    public record PhasePlan(String phase, ParallelPlan plan, TrainingShape training, MemoryReport memory,
            ScenarioError misfit, RampSegment ramp) {
    }

    /**
     * One of the {@link #RAMP_SEGMENTS} equal-token slices of a linear batch ramp, simulated at the batch of its
     * token midpoint (rounded to what the plan splits evenly).
     *
     * @param phase       the phase the ramp belongs to
     * @param tokens      tokens trained in this slice
     * @param assumedPlan the phase's plan cannot run this batch: the ramp's own (assumed) plan is used
     */
    public record RampSegment(String phase, int index, int count, double tokens, boolean assumedPlan) {
    }

    /**
     * Slices a batch ramp is cut into. The time per token is convex in the batch (a fixed bubble spread over more
     * micro-batches), so the midpoint rule errs a little low; eight slices keep that well under 1% of the ramp
     * (an assumption, echoed in the result).
     */
    public static final int RAMP_SEGMENTS = 8;

    /**
     * @param model null when the scenario has no model
     * @param plans empty when it has no model or no parallelism section
     */
    public record Result(ModelShape model, List<PhasePlan> plans) {

        public Result {
            plans = List.copyOf(plans);
        }

        /** Throws the located error of the first phase whose plan does not fit. */
        public void requireFits() {
            for (PhasePlan p : plans) {
                if (p.misfit() != null) {
                    throw p.misfit();
                }
            }
        }
    }

    private final Catalog catalog;
    private final MemoryModel memory;

    public WorkloadCheck(Catalog catalog, MemoryModel memory) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    public WorkloadCheck(Catalog catalog) {
        this(catalog, new MemoryModel());
    }

    /** Resolves and checks everything, including that every plan fits. */
    public Result check(Scenario scenario) {
        return resolve(scenario, true);
    }

    /**
     * Resolves the model and plans and validates the plans; with {@code requireFit} also throws when a plan does not
     * fit, otherwise leaves that to {@link Result#requireFits()} so callers can show the memory first.
     */
    public Result resolve(Scenario scenario, boolean requireFit) {
        ModelShape model = new ModelResolver(catalog).resolve(scenario);
        Bound<ScenarioSpec> bound = scenario.spec();
        ScenarioSpec spec = bound.value();
        if (model == null || spec.parallelism() == null) {
            return new Result(model, List.of());
        }
        List<PhasePlan> plans = new ArrayList<>();
        boolean mainChecked = false;
        List<PhaseSpec> phases = spec.training() == null || spec.training().phases() == null ? List.of()
                : spec.training().phases();
        for (int i = 0; i < phases.size(); i++) {
            PhaseSpec phase = phases.get(i);
            boolean own = phase.parallelism() != null;
            String ownPrefix = "training.phases[" + i + "].parallelism";
            TrainingShape training = phase.sequenceLength() != null && phase.globalBatch() != null
                    ? new TrainingShape(phase.sequenceLength(), phase.globalBatch()) : null;
            if (training == null && !own) {
                continue;
            }
            ParallelismSpec merged = own ? RecordOverlay.overlay(spec.parallelism(), phase.parallelism())
                    : spec.parallelism();
            Function<String, SourceLocation> at = key -> locate(bound, own ? ownPrefix : null, key);
            plans.add(checkOne(model, scenario, merged, training, at, phase.name(),
                    bound.at(own ? ownPrefix : "parallelism"), requireFit, null));
            mainChecked |= !own;
            if (phase.batchRampStart() != null && training != null) {
                plans.addAll(rampPlans(model, scenario, i, phase, merged, at, requireFit));
            }
        }
        if (!mainChecked) {
            Function<String, SourceLocation> at = key -> locate(bound, null, key);
            plans.add(0, checkOne(model, scenario, spec.parallelism(), null, at, null, bound.at("parallelism"),
                    requireFit, null));
        }
        return new Result(model, plans);
    }

    private PhasePlan checkOne(ModelShape model, Scenario scenario, ParallelismSpec spec, TrainingShape training,
            Function<String, SourceLocation> at, String phase, SourceLocation section, boolean requireFit,
            RampSegment ramp) {
        ParallelPlan plan = PlanResolver.resolve(spec, scenario.cluster(), at);
        try {
            plan.validate(model, scenario.cluster(), training);
        } catch (WorkloadError e) {
            throw ScenarioError.at(at.apply(e.key()), null, e);
        }
        MemoryReport report = null;
        ScenarioError misfit = null;
        if (training != null) {
            try {
                report = memory.check(model, plan, scenario.cluster(), training);
            } catch (PlanDoesNotFitError e) {
                report = e.report();
                String where = phase == null ? "" : " (phase '" + phase + "')";
                misfit = new ScenarioError(section, e.getMessage() + where, null, e.hint());
                if (requireFit) {
                    throw misfit;
                }
            }
        }
        return new PhasePlan(phase, plan, training, report, misfit, ramp);
    }

    /**
     * The plans of a phase's batch ramp: {@link #RAMP_SEGMENTS} slices of equal tokens, each at the batch of its
     * token midpoint rounded to a multiple of data x microBatch, on the phase's plan where it runs that batch and on
     * {@code batchRampParallelism} where it does not.
     */
    private List<PhasePlan> rampPlans(ModelShape model, Scenario scenario, int index, PhaseSpec phase,
            ParallelismSpec phasePlan, Function<String, SourceLocation> at, boolean requireFit) {
        Bound<ScenarioSpec> bound = scenario.spec();
        String prefix = "training.phases[" + index + "]";
        int start = phase.batchRampStart();
        int end = phase.globalBatch();
        if (phase.batchRampTokens() == null || phase.tokens() == null) {
            throw new ScenarioError(bound.at(prefix + ".batchRampStart"), "a batch ramp needs the phase's tokens and "
                    + "batchRampTokens", String.valueOf(start), "give 'tokens' and 'batchRampTokens' (e.g. 469B)");
        }
        double rampTokens = phase.batchRampTokens().value();
        if (start > end) {
            throw new ScenarioError(bound.at(prefix + ".batchRampStart"), "the batch ramp starts above the phase's "
                    + "globalBatch " + end, String.valueOf(start), "batchRampStart is the batch at the start of the "
                    + "ramp; it grows to globalBatch");
        }
        if (!(rampTokens > 0) || rampTokens > phase.tokens().value()) {
            throw new ScenarioError(bound.at(prefix + ".batchRampTokens"), "the batch ramp must last more than zero "
                    + "and at most the phase's " + phase.tokens() + " tokens", phase.batchRampTokens().toString(),
                    "give the tokens over which the batch grows, e.g. 469B");
        }
        ParallelismSpec own = phase.batchRampParallelism() == null ? null
                : RecordOverlay.overlay(phasePlan, phase.batchRampParallelism());
        String ownPrefix = prefix + ".batchRampParallelism";
        Function<String, SourceLocation> ownAt = key -> {
            String path = key.isEmpty() ? ownPrefix : ownPrefix + "." + key;
            return bound.isSet(path) ? bound.at(path) : at.apply(key);
        };
        List<PhasePlan> out = new ArrayList<>();
        for (int k = 0; k < RAMP_SEGMENTS; k++) {
            double batch = start + (end - start) * (k + 0.5) / RAMP_SEGMENTS;
            PhasePlan segment;
            try {
                segment = rampSegment(model, scenario, phasePlan, batch, phase, at, k, rampTokens, false,
                        requireFit);
            } catch (ScenarioError onPhasePlan) {
                if (own == null) {
                    throw new ScenarioError(bound.at(prefix + ".batchRampStart"), "the phase's plan cannot run the "
                            + "ramp's batch of about " + Math.round(batch) + " sequences: " + onPhasePlan.getMessage(),
                            String.valueOf(start), "add 'batchRampParallelism' to the phase with the keys of a plan "
                            + "that runs it (e.g. another schedule or fewer data-parallel replicas)");
                }
                segment = rampSegment(model, scenario, own, batch, phase, ownAt, k, rampTokens, true, requireFit);
            }
            out.add(segment);
        }
        return out;
    }

    private PhasePlan rampSegment(ModelShape model, Scenario scenario, ParallelismSpec spec, double batch,
            PhaseSpec phase, Function<String, SourceLocation> at, int k, double rampTokens, boolean assumed,
            boolean requireFit) {
        ParallelPlan plan = PlanResolver.resolve(spec, scenario.cluster(), at);
        long multiple = (long) plan.data() * plan.microBatch();
        int rounded = (int) Math.max(multiple, Math.round(batch / multiple) * multiple);
        TrainingShape training = new TrainingShape(phase.sequenceLength(), rounded);
        String name = phase.name() + " ramp " + (k + 1) + "/" + RAMP_SEGMENTS + " (batch " + rounded + ")";
        return checkOne(model, scenario, spec, training, at, name, scenario.spec().at("parallelism"), requireFit,
                new RampSegment(phase.name(), k, RAMP_SEGMENTS, rampTokens / RAMP_SEGMENTS, assumed));
    }

    /** A plan key's location: in the phase's own section if it sets the key there, else in the main section. */
    private static SourceLocation locate(Bound<ScenarioSpec> bound, String ownPrefix, String key) {
        if (ownPrefix != null) {
            String path = key.isEmpty() ? ownPrefix : ownPrefix + "." + key;
            if (bound.isSet(path)) {
                return bound.at(path);
            }
        }
        return bound.at(key.isEmpty() ? "parallelism" : "parallelism." + key);
    }
}

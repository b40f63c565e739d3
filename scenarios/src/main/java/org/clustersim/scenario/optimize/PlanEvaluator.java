package org.clustersim.scenario.optimize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.clustersim.pipeline.ProgramProfile;
import org.clustersim.scenario.spec.NetworkSpec;
import org.clustersim.scenario.step.StepCommunications;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.ChunkOpCosts;
import org.clustersim.step.ChunkWork;
import org.clustersim.step.ChunkWorkModel;
import org.clustersim.step.StepCommunication;
import org.clustersim.step.StepLowerBound;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepResult;
import org.clustersim.step.StepSimulator;
import org.clustersim.workload.ComputeEfficiencyParameters;
import org.clustersim.workload.ComputeModel;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.PipelineLayout;
import org.clustersim.workload.Recompute;
import org.clustersim.workload.Schedule;

/**
 * Screens and simulates the plans of one {@link OptimizeTarget}.
 *
 * <p><b>Screen</b>: {@link StepLowerBound}, a lower bound on exactly what {@link StepSimulator} returns, from the same
 * chunk work and op durations without running the pipeline. Chunk work is computed once per distinct chunk (chunks
 * whose units are the same kinds of layer do the same work) and shared by plans that differ only in what does not
 * change it (ZeRO 0-2, and schedules that split the model into the same chunks); the schedule's program is profiled
 * once per (schedule, pipeline, virtual stages, micro-batches). Thread-safe: the caches are concurrent and every value
 * in them is immutable.
 *
 * <p><b>Simulate</b>: the step simulator as {@code clustersim run} runs it (the scenario's communication model, its
 * attention kernel and expert load).
 *
 * <p>The screen always uses the analytical communication model. When the scenario asks for the flow-level model the
 * bound is of the analytical step and holds for the simulated one only as far as the two agree ({@link #exactBound}).
 */
final class PlanEvaluator {

    private final OptimizeTarget target;
    private final ComputeEfficiencyParameters efficiency;
    private final StepOptions requested;
    private final Map<ParallelPlan, ChunkOpCosts> opCosts = new ConcurrentHashMap<>();
    private final Map<ParallelPlan, List<StepSimulator.EndOfStep>> tails = new ConcurrentHashMap<>();
    private final Map<List<Integer>, ProgramProfile> profiles = new ConcurrentHashMap<>();
    private final Map<List<Object>, Double> bounds = new ConcurrentHashMap<>();

    PlanEvaluator(OptimizeTarget target, ComputeEfficiencyParameters efficiency, StepOptions requested) {
        this.target = target;
        this.efficiency = efficiency;
        this.requested = requested;
    }

    /** Whether the screen bounds the simulated step exactly (the scenario uses the analytical network model). */
    boolean exactBound() {
        NetworkSpec network = target.scenario().spec().value().cluster().network();
        return network == null || network.model() == null
                || network.model() == NetworkSpec.NetworkModelKind.ANALYTICAL;
    }

    /** A lower bound on the step time of a valid plan, in seconds. */
    double lowerBoundSeconds(ParallelPlan plan) {
        int microBatches = (int) plan.microBatches(target.training());
        List<Object> key = List.of(workKey(plan), tailKey(plan),
                List.of(plan.schedule().ordinal(), plan.overlapPairs() ? 1 : 0, plan.pipeline(), plan.virtualStages(),
                        microBatches));
        return bounds.computeIfAbsent(key, k -> computeBound(plan));
    }

    private double computeBound(ParallelPlan plan) {
        ChunkOpCosts costs = opCosts.computeIfAbsent(workKey(plan), k -> {
            StepOptions options = StepRunner.optionsFor(target.scenario(), target.model(), plan, requested);
            ComputeModel compute = new ComputeModel(target.cluster().gpu(), efficiency, plan.commSms());
            StepCommunication comm = StepCommunications.analytical(target.cluster(), target.model(), plan);
            ChunkWorkModel workModel = new ChunkWorkModel(target.model(), plan, target.training(), compute, comm,
                    options.attentionKernel(), options.zeroCollectives());
            return new StepSimulator(target.model(), plan, target.training(), target.cluster(), compute, comm)
                    .opCosts(workModel, chunkWorks(workModel, options.maxLoad()));
        });
        List<StepSimulator.EndOfStep> ends = tails.computeIfAbsent(tailKey(plan), k -> {
            ComputeModel compute = new ComputeModel(target.cluster().gpu(), efficiency, plan.commSms());
            StepCommunication comm = StepCommunications.analytical(target.cluster(), target.model(), plan);
            return new StepSimulator(target.model(), plan, target.training(), target.cluster(), compute, comm)
                    .endOfStep();
        });
        int microBatches = (int) plan.microBatches(target.training());
        ProgramProfile profile = profiles.computeIfAbsent(
                List.of(plan.schedule().ordinal(), plan.overlapPairs() ? 1 : 0, plan.pipeline(), plan.virtualStages(),
                        microBatches),
                k -> ProgramProfile.of(StepSimulator.pipelineSchedule(plan), plan.pipeline(),
                        plan.virtualStages(), microBatches));
        return StepLowerBound.seconds(profile, costs, ends);
    }

    /** One full step simulation. */
    StepResult simulate(ParallelPlan plan) {
        StepOptions options = StepRunner.optionsFor(target.scenario(), target.model(), plan, requested);
        ComputeModel compute = new ComputeModel(target.cluster().gpu(), efficiency, plan.commSms());
        StepCommunication comm = StepCommunications.forScenario(target.scenario(), target.model(), plan);
        return new StepSimulator(target.model(), plan, target.training(), target.cluster(), compute, comm)
                .simulate(options);
    }

    /**
     * Work of every chunk, computed once per kind of chunk: a chunk's work depends on which kinds of unit it holds
     * (dense layer, MoE layer, MTP module) and whether it holds the embedding or the head, not on which layers.
     */
    private static List<ChunkWork> chunkWorks(ChunkWorkModel workModel, double load) {
        Map<String, ChunkWork> byKind = new HashMap<>();
        List<ChunkWork> out = new ArrayList<>();
        for (PipelineLayout.Chunk chunk : workModel.layout().chunks()) {
            out.add(byKind.computeIfAbsent(kindOf(workModel, chunk), k -> workModel.work(chunk.index(), load)));
        }
        return List.copyOf(out);
    }

    private static String kindOf(ChunkWorkModel workModel, PipelineLayout.Chunk chunk) {
        var model = workModel.layout().model();
        StringBuilder b = new StringBuilder();
        b.append(chunk.hasEmbedding() ? 'E' : '-').append(chunk.hasHead() ? 'H' : '-');
        for (int unit = chunk.firstUnit(); unit < chunk.firstUnit() + chunk.units(); unit++) {
            b.append(unit >= model.layers() ? 'T' : model.isMoeLayer(unit) ? 'M' : 'D');
        }
        return b.toString();
    }

    /**
     * Plans with equal keys have equal op durations: ZeRO matters only at stage 3 (layer-wise gathers), and the
     * schedule only through how many chunks the model is cut into; the expert load, the communication groups and the
     * pipeline transfer are the same for equal degrees and micro-batch.
     */
    private static ParallelPlan workKey(ParallelPlan p) {
        boolean ownChunks = p.modelChunks() != p.pipeline();
        return new ParallelPlan(p.tensor(), p.pipeline(), ownChunks ? p.virtualStages() : 1, p.expert(), p.data(),
                p.context(), p.zero() == 3 ? 3 : 0, p.microBatch(),
                ownChunks ? p.schedule() : Schedule.ONE_F_ONE_B, p.recompute(), p.precision(),
                p.optimizerMoments(), p.commSms());
    }

    /**
     * The end of step depends on which chunks each rank holds and on ZeRO, not on micro-batches or recompute; ZeRO 1
     * and 2 synchronise alike (reduce-scatter, sharded step, all-gather) and differ only in memory.
     */
    private static ParallelPlan tailKey(ParallelPlan p) {
        return new ParallelPlan(p.tensor(), p.pipeline(), p.virtualStages(), p.expert(), p.data(), p.context(),
                p.zero() == 2 ? 1 : p.zero(), 1, p.schedule(), Recompute.NONE, p.precision(), p.optimizerMoments(),
                p.commSms());
    }
}

package org.clustersim.step;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clustersim.engine.SimTime;
import org.clustersim.error.UserError;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.pipeline.DualPipeSchedule;
import org.clustersim.pipeline.GPipeSchedule;
import org.clustersim.pipeline.InterleavedOneFOneBSchedule;
import org.clustersim.pipeline.OneFOneBSchedule;
import org.clustersim.pipeline.OpCosts;
import org.clustersim.pipeline.OpKind;
import org.clustersim.pipeline.PipelineSchedule;
import org.clustersim.pipeline.PipelineSimulator;
import org.clustersim.pipeline.PipelineTimeline;
import org.clustersim.pipeline.ZeroBubbleH1Schedule;
import org.clustersim.workload.ComputeModel;
import org.clustersim.workload.FlopCounter;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.Op;
import org.clustersim.workload.OptimizerMoments;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.ParameterCounts;
import org.clustersim.workload.PipelineLayout;
import org.clustersim.workload.Schedule;
import org.clustersim.workload.TrainingShape;

/**
 * Simulates one training step: the plan's pipeline schedule runs on the event engine with per-chunk work from
 * {@link ChunkWorkModel} (compute from the compute model, communication from {@link StepCommunication}); after its
 * last backward each pipeline rank synchronises gradients over its data-parallel group, steps the optimizer and (with
 * ZeRO) gathers the updated weights. The step ends when the last rank does.
 *
 * <p>Overlap: in DualPipe's overlapped forward-and-backward pairs the communication of each half hides behind the
 * other's compute, which runs on the SMs left after those reserved for communication; every other op runs its
 * communication after its compute (Megatron's schedules overlap neither tensor- nor expert-parallel traffic).
 *
 * <p>Symmetry: data-parallel replicas that see the same expert load are identical, so one pipeline replica is simulated
 * and counted {@code data} times. When expert-parallel groups see different loads that is no longer true, and the
 * simulator runs every replica ({@code full}) instead of silently answering for a symmetric cluster.
 */
public final class StepSimulator {

    /** FP32 gradients are reduced (DeepSeek keeps master weights and gradients in FP32, A.2; Megatron likewise). */
    static final double GRADIENT_BYTES = 4;
    /** Updated BF16 weights are gathered after a sharded optimizer step. */
    static final double WEIGHT_BYTES = 2;

    private final ModelShape model;
    private final ParallelPlan plan;
    private final TrainingShape training;
    private final ClusterConfig cluster;
    private final ComputeModel compute;
    private final StepCommunication comm;

    public StepSimulator(ModelShape model, ParallelPlan plan, TrainingShape training, ClusterConfig cluster,
                         ComputeModel compute, StepCommunication comm) {
        this.model = model;
        this.plan = plan;
        this.training = training;
        this.cluster = cluster;
        this.compute = compute;
        this.comm = comm;
    }

    /** The pipeline schedule that runs a workload schedule. */
    public static PipelineSchedule pipelineSchedule(Schedule schedule) {
        return switch (schedule) {
            case GPIPE -> new GPipeSchedule();
            case ONE_F_ONE_B -> new OneFOneBSchedule();
            case INTERLEAVED_1F1B -> new InterleavedOneFOneBSchedule();
            case ZERO_BUBBLE -> new ZeroBubbleH1Schedule();
            case DUALPIPE -> new DualPipeSchedule();
            case DUALPIPE_V -> throw new UserError("the step simulator does not run dualpipe-v yet",
                    "use schedule: dualpipe (same bubble, twice the parameters per rank)");
        };
    }

    public StepResult simulate(StepOptions options) {
        PipelineSchedule schedule = pipelineSchedule(plan.schedule());
        int microBatches = (int) plan.microBatches(training);
        ChunkWorkModel workModel = new ChunkWorkModel(model, plan, training, compute, comm,
                options.attentionKernel());
        boolean full = options.full() || !options.symmetric();
        String notes = "";
        if (!options.full() && !options.symmetric()) {
            notes = "expert-parallel groups see different loads, so replicas are not equivalent: simulated every "
                    + "replica (full mode) instead of one";
        }
        int groupsPerStage = Math.max(1, plan.ranksPerStage() / plan.expert());
        // Replica d's rank in stage s belongs to expert group (d x context x tensor) / expert of that stage.
        Map<Double, PipelineTimeline> byLoad = new HashMap<>();
        Map<Double, List<ChunkWork>> worksByLoad = new HashMap<>();
        double worstEnd = -1;
        Result best = null;
        int replicas = full ? plan.data() : 1;
        for (int d = 0; d < replicas; d++) {
            int group = (d * plan.context() * plan.tensor()) / plan.expert() % groupsPerStage;
            double load = full ? options.loadOfGroup(group) : options.maxLoad();
            List<ChunkWork> works = worksByLoad.computeIfAbsent(load, l -> chunkWorks(workModel, l));
            PipelineTimeline timeline = options.full()
                    ? runPipeline(schedule, microBatches, works, workModel) // every replica its own simulation
                    : byLoad.computeIfAbsent(load, l -> runPipeline(schedule, microBatches, works, workModel));
            Result result = finish(timeline, works, workModel);
            if (result.stepSeconds > worstEnd) {
                worstEnd = result.stepSeconds;
                best = result;
            }
        }
        double imbalance = 0;
        if (options.maxLoad() > 1) {
            List<ChunkWork> balanced = chunkWorks(workModel, 1.0);
            Result ref = finish(runPipeline(schedule, microBatches, balanced, workModel), balanced, workModel);
            imbalance = best.stepSeconds - ref.stepSeconds;
        }
        return toResult(best, schedule, microBatches, full, imbalance, notes);
    }

    private List<ChunkWork> chunkWorks(ChunkWorkModel workModel, double load) {
        List<ChunkWork> works = new ArrayList<>();
        for (int c = 0; c < workModel.layout().chunks().size(); c++) {
            works.add(workModel.work(c, load));
        }
        return works;
    }

    private double smFactor() {
        int sms = compute.gpu().smCount();
        return plan.commSms() > 0 ? (double) sms / (sms - plan.commSms()) : 1.0;
    }

    /** The op durations the pipeline simulation runs with, for these chunk works of {@code workModel}. */
    public ChunkOpCosts opCosts(ChunkWorkModel workModel, List<ChunkWork> works) {
        return new ChunkOpCosts(works, comm.pipelineTransferSeconds(workModel.pipelineActivationBytes()), smFactor());
    }

    private PipelineTimeline runPipeline(PipelineSchedule schedule, int microBatches, List<ChunkWork> works,
                                         ChunkWorkModel workModel) {
        OpCosts costs = opCosts(workModel, works);
        try {
            return PipelineSimulator.run(schedule, plan.pipeline(), plan.virtualStages(), microBatches, costs);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), "change parallelism.schedule, pipeline or the batch");
        }
    }

    /** Per pipeline rank: end of its last op, then gradient sync, optimizer and weight gather. */
    private Result finish(PipelineTimeline timeline, List<ChunkWork> works, ChunkWorkModel workModel) {
        EndOfStep[] tails = endOfStep(workModel.layout());
        List<Double> ends = new ArrayList<>();
        double worst = 0;
        int critical = 0;
        for (int r = 0; r < plan.pipeline(); r++) {
            double end = tails[r].stepEndSeconds(SimTime.nsToSeconds(lastEndNs(timeline, r)));
            ends.add(end);
            if (end > worst) {
                worst = end;
                critical = r;
            }
        }
        return new Result(worst, critical, ends, timeline, works, tails[critical].optimizerSeconds(),
                tails[critical].syncSeconds());
    }

    /**
     * What a pipeline rank does after its last pipeline op: gradient synchronisation over its data-parallel groups,
     * then the optimizer step.
     */
    public record EndOfStep(double syncSeconds, double optimizerSeconds) {

        /** When the rank finishes the step if its last pipeline op ends at {@code pipelineEndSeconds}. */
        public double stepEndSeconds(double pipelineEndSeconds) {
            return pipelineEndSeconds + syncSeconds + optimizerSeconds;
        }
    }

    /** {@link EndOfStep} of every pipeline rank, in rank order; the step ends when the latest rank's does. */
    public List<EndOfStep> endOfStep() {
        return List.of(endOfStep(PipelineLayout.of(model, plan)));
    }

    private EndOfStep[] endOfStep(PipelineLayout layout) {
        EndOfStep[] out = new EndOfStep[plan.pipeline()];
        for (int r = 0; r < plan.pipeline(); r++) {
            double dense = 0;
            double experts = 0;
            for (PipelineLayout.Chunk chunk : layout.chunksOfRank(r)) {
                for (int unit = chunk.firstUnit(); unit < chunk.firstUnit() + chunk.units(); unit++) {
                    ParameterCounts.LayerParams p = unit < model.layers() ? ParameterCounts.layerParams(model, unit)
                            : ParameterCounts.mtpModuleParams(model);
                    dense += p.nonExpertParams();
                    experts += p.routedExpertParams();
                }
                if (chunk.hasEmbedding() || chunk.hasHead()) {
                    dense += (double) model.vocab() * model.hidden();
                }
            }
            dense /= plan.tensor();
            experts /= plan.expert();
            double sync;
            double shard;
            if (plan.zero() == 0) {
                sync = comm.dataParallelAllReduceSeconds(dense * GRADIENT_BYTES);
                shard = dense + experts;
            } else if (plan.zero() == 3) {
                sync = 0; // gathered and reduce-scattered layer by layer inside the pipeline ops
                shard = dense / plan.denseShardGroup() + experts / plan.expertDataParallel();
            } else {
                sync = comm.dataParallelReduceScatterSeconds(dense * GRADIENT_BYTES)
                        + comm.dataParallelAllGatherSeconds(dense * WEIGHT_BYTES);
                shard = dense / plan.denseShardGroup() + experts / plan.expertDataParallel();
            }
            sync += comm.expertDataParallelAllReduceSeconds(experts * GRADIENT_BYTES);
            double bytesPerParam = 2 * GRADIENT_BYTES + 2 * 4 // read gradient, read and write master weight
                    + 4 * (plan.optimizerMoments() == OptimizerMoments.BF16 ? 2 : 4) // read and write m and v
                    + WEIGHT_BYTES;
            double optimizer = compute.timeSeconds(new Op.Optimizer(Math.round(shard), bytesPerParam));
            out[r] = new EndOfStep(sync, optimizer);
        }
        return out;
    }

    private static long lastEndNs(PipelineTimeline timeline, int rank) {
        long end = 0;
        for (PipelineTimeline.Slot s : timeline.ranks().get(rank)) {
            end = Math.max(end, s.endNs());
        }
        return end;
    }

    private record Result(double stepSeconds, int criticalRank, List<Double> ends, PipelineTimeline timeline,
                          List<ChunkWork> works, double optimizerSeconds, double syncSeconds) {
    }

    private StepResult toResult(Result r, PipelineSchedule schedule, int microBatches, boolean full,
                                double imbalance, String notes) {
        double step = r.stepSeconds;
        int rank = r.criticalRank;
        List<PipelineTimeline.Slot> slots = r.timeline.ranks().get(rank);
        double sm = smFactor();
        Map<String, Double> computeKinds = new LinkedHashMap<>();
        Map<String, Double> commKinds = new LinkedHashMap<>();
        double forward = 0;
        double steady = 0;
        double backwardInput = 0;
        double backwardWeight = 0;
        double busy = 0;
        for (PipelineTimeline.Slot slot : slots) {
            double d = SimTime.nsToSeconds(slot.durationNs());
            busy += d;
            OpKind kind = slot.op().kind();
            switch (kind) {
                case F -> forward += d;
                case FB -> steady += d;
                case B, BW -> backwardInput += d;
                case W -> backwardWeight += d;
            }
        }
        // compute and communication each chunk does per micro-batch, times the micro-batches this rank ran
        double computeTotal = 0;
        for (var chunk : r.works.isEmpty() ? List.<ChunkWork>of() : ranksWorks(r, rank)) {
            for (var e : chunk.computeByKind().entrySet()) {
                computeKinds.merge("compute." + e.getKey(), e.getValue() * microBatchesPerChunk(microBatches),
                        Double::sum);
                computeTotal += e.getValue() * microBatchesPerChunk(microBatches);
            }
            for (var e : chunk.commByKind().entrySet()) {
                commKinds.merge(e.getKey(), e.getValue() * microBatchesPerChunk(microBatches), Double::sum);
            }
        }
        // What the busy time holds beyond compute is communication that was not hidden (or SM sharing).
        double exposed = Math.max(0, busy - computeTotal);
        double commTotal = commKinds.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> breakdown = new LinkedHashMap<>();
        double scale = busy > 0 && computeTotal > busy ? busy / computeTotal : 1; // overlap hid compute: clamp
        computeKinds.forEach((k, v) -> breakdown.put(k, v * scale));
        for (var e : commKinds.entrySet()) {
            breakdown.put("exposedComm." + e.getKey(), commTotal > 0 ? exposed * e.getValue() / commTotal : 0);
        }
        if (commTotal == 0 && exposed > 0) {
            breakdown.put("compute.smSharing", exposed);
        }
        double pipelineEnd = SimTime.nsToSeconds(lastEndNs(r.timeline, rank));
        breakdown.put("bubble", Math.max(0, pipelineEnd - busy));
        breakdown.put("exposedComm.dataParallel", r.syncSeconds);
        breakdown.put("optimizer", r.optimizerSeconds);

        Map<String, Double> phases = new LinkedHashMap<>();
        if (schedule instanceof DualPipeSchedule) {
            phases.put("forward", forward);
            phases.put("bubble", Math.max(0, pipelineEnd - busy));
            phases.put("backwardInput", backwardInput);
            phases.put("backwardWeight", backwardWeight);
            phases.put("steady", steady);
            phases.put("optimizer", r.syncSeconds + r.optimizerSeconds);
        }
        double tokens = (double) training.globalBatch() * training.sequenceLength();
        FlopCounter.FlopsPerToken flops = FlopCounter.perToken(model, training.sequenceLength());
        double gpus = plan.gpus();
        double tflops = flops.trainingFlopsPerToken(false) * tokens / step / gpus / 1e12;
        double tflopsCausal = flops.trainingFlopsPerToken(true) * tokens / step / gpus / 1e12;
        double peakTflops = cluster.gpu().bf16DenseFlopsPerSecond() / 1e12;
        return new StepResult(step, tokens / step, tflops, tflopsCausal, tflops / peakTflops, tflopsCausal / peakTflops,
                breakdown, phases, imbalance, rank, r.ends, r.timeline, schedule.name(), full ? "full" : "symmetric",
                comm.fidelity(), microBatches, notes);
    }

    /** Chunks of a pipeline rank, in the order the layout gives them. */
    private List<ChunkWork> ranksWorks(Result r, int rank) {
        List<ChunkWork> out = new ArrayList<>();
        PipelineLayout layout = PipelineLayout.of(model, plan);
        for (PipelineLayout.Chunk chunk : layout.chunksOfRank(rank)) {
            out.add(r.works.get(chunk.index()));
        }
        return out;
    }

    /** Micro-batches that pass through one chunk of a rank: all of them, or half in each DualPipe direction. */
    private int microBatchesPerChunk(int microBatches) {
        return plan.schedule() == Schedule.DUALPIPE ? microBatches / 2 : microBatches;
    }
}

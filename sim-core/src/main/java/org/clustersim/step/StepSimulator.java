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

    /**
     * The pipeline schedule that runs a plan: its schedule, with its steady-state pairs overlapped if it says so
     * (interleaved 1F1B then warms up with one more forward, as Megatron-Core does).
     */
    public static PipelineSchedule pipelineSchedule(ParallelPlan plan) {
        if (!plan.overlapPairs()) {
            return pipelineSchedule(plan.schedule());
        }
        return switch (plan.schedule()) {
            case ONE_F_ONE_B -> new OneFOneBSchedule(true);
            case INTERLEAVED_1F1B -> new InterleavedOneFOneBSchedule(true);
            default -> throw new UserError(plan.schedule().spelling() + " has no 1F1B pairs to overlap",
                    "overlapForwardBackward applies to 1f1b and interleaved-1f1b");
        };
    }

    public StepResult simulate(StepOptions options) {
        PipelineSchedule schedule = pipelineSchedule(plan);
        int microBatches = (int) plan.microBatches(training);
        ChunkWorkModel workModel = new ChunkWorkModel(model, plan, training, compute, comm,
                options.attentionKernel(), options.zeroCollectives());
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
        StepActivity activity = !options.recordActivity() ? StepActivity.EMPTY
                : new ActivityBuilder(best, workModel.pipelineActivationBytes()).build();
        return toResult(best, schedule, microBatches, full, imbalance, notes, activity);
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
        PipelineLayout layout = workModel.layout();
        List<Double> ends = new ArrayList<>();
        List<RankTail> rankTails = new ArrayList<>();
        double[] tails = new double[plan.pipeline()];
        double[] syncs = new double[plan.pipeline()];
        double worst = 0;
        int critical = 0;
        for (int r = 0; r < plan.pipeline(); r++) {
            RankTail tail = tail(layout, r, workModel.persistentGatherSeconds(layout.chunksOfRank(r)));
            rankTails.add(tail);
            double sync = 0;
            for (CommPart part : tail.sync()) {
                sync += part.seconds();
            }
            double optimizer = tail.optimizerSeconds();
            double end = SimTime.nsToSeconds(lastEndNs(timeline, r)) + sync + optimizer;
            ends.add(end);
            tails[r] = optimizer;
            syncs[r] = sync;
            if (end > worst) {
                worst = end;
                critical = r;
            }
        }
        return new Result(worst, critical, ends, timeline, works, tails[critical], syncs[critical], rankTails);
    }

    /**
     * What a pipeline rank does after its last op: gradient synchronisation over its data-parallel groups (in the
     * order it runs) and the optimizer step.
     */
    private RankTail tail(PipelineLayout layout, int r, double persistentGatherSeconds) {
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
        List<CommPart> sync = new ArrayList<>();
        double shard;
        if (plan.zero() == 0) {
            sync.add(syncPart(CommKind.DATA_ALL_REDUCE,
                    comm.dataParallelAllReduceSeconds(dense * GRADIENT_BYTES), dense * GRADIENT_BYTES));
            shard = dense + experts;
        } else if (plan.zero() == 3) {
            // gathered and reduce-scattered layer by layer inside the pipeline ops, but for the tensors DeepSpeed's
            // 2021 ZeRO-3 keeps gathered, gathered again once the optimizer has updated them
            if (persistentGatherSeconds > 0) {
                sync.add(syncPart(CommKind.ZERO_GATHER, persistentGatherSeconds, 0));
            }
            shard = dense / plan.denseShardGroup() + experts / plan.expertDataParallel();
        } else {
            sync.add(syncPart(CommKind.DATA_REDUCE_SCATTER,
                    comm.dataParallelReduceScatterSeconds(dense * GRADIENT_BYTES), dense * GRADIENT_BYTES));
            sync.add(syncPart(CommKind.DATA_ALL_GATHER,
                    comm.dataParallelAllGatherSeconds(dense * WEIGHT_BYTES), dense * WEIGHT_BYTES));
            shard = dense / plan.denseShardGroup() + experts / plan.expertDataParallel();
        }
        sync.add(syncPart(CommKind.EXPERT_DATA_ALL_REDUCE,
                comm.expertDataParallelAllReduceSeconds(experts * GRADIENT_BYTES), experts * GRADIENT_BYTES));
        double bytesPerParam = 2 * GRADIENT_BYTES + 2 * 4 // read gradient, read and write master weight
                + 4 * (plan.optimizerMoments() == OptimizerMoments.BF16 ? 2 : 4) // read and write m and v
                + WEIGHT_BYTES;
        double optimizer = compute.timeSeconds(new Op.Optimizer(Math.round(shard), bytesPerParam));
        return new RankTail(sync, optimizer);
    }

    private CommPart syncPart(CommKind kind, double seconds, double bytes) {
        return new CommPart(kind, true, false, seconds, comm.tierBytes(kind, bytes));
    }

    /** A rank's gradient synchronisation parts and optimizer step. */
    private record RankTail(List<CommPart> sync, double optimizerSeconds) {
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
        PipelineLayout layout = PipelineLayout.of(model, plan);
        List<EndOfStep> out = new ArrayList<>();
        for (int r = 0; r < plan.pipeline(); r++) {
            // without the persistent-tensor gather of per-tensor ZeRO-3: a lower bound's end of step may leave it out
            RankTail tail = tail(layout, r, 0);
            double sync = 0;
            for (CommPart part : tail.sync()) {
                sync += part.seconds();
            }
            out.add(new EndOfStep(sync, tail.optimizerSeconds()));
        }
        return List.copyOf(out);
    }

    private static long lastEndNs(PipelineTimeline timeline, int rank) {
        long end = 0;
        for (PipelineTimeline.Slot s : timeline.ranks().get(rank)) {
            end = Math.max(end, s.endNs());
        }
        return end;
    }

    private record Result(double stepSeconds, int criticalRank, List<Double> ends, PipelineTimeline timeline,
                          List<ChunkWork> works, double optimizerSeconds, double syncSeconds, List<RankTail> tails) {
    }

    private StepResult toResult(Result r, PipelineSchedule schedule, int microBatches, boolean full,
                                double imbalance, String notes, StepActivity activity) {
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
        // after the last op: gradient synchronisation, and the re-gather of the tensors per-tensor ZeRO-3 keeps whole
        double zeroTail = 0;
        for (CommPart part : r.tails.get(rank).sync()) {
            if (part.kind() == CommKind.ZERO_GATHER) {
                zeroTail += part.seconds();
            }
        }
        breakdown.put("exposedComm.dataParallel", r.syncSeconds - zeroTail);
        if (zeroTail > 0) {
            breakdown.merge("exposedComm.zero", zeroTail, Double::sum);
        }
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
                comm.fidelity(), microBatches, notes, activity);
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

    /**
     * Lays out the {@link StepActivity} of the chosen replica from the same per-chunk numbers the op costs used:
     * each op's compute, the communication it waits for after it (or, in DualPipe's overlapped pairs, beside it),
     * pipeline sends as the pipeline simulator ran them, then gradient sync and the optimizer.
     */
    private final class ActivityBuilder {
        private final Result result;
        private final double sm = smFactor();
        private final TierBytes activationBytes;
        private final TierBytes gradientBytes;
        /** Per chunk: its forward, backward, forward-prefetched and backward-prefetched parts, split once. */
        private final Map<ChunkWork, List<List<CommPart>>> parts = new java.util.IdentityHashMap<>();

        ActivityBuilder(Result result, double transferBytes) {
            this.result = result;
            this.activationBytes = comm.tierBytes(CommKind.PIPELINE_ACTIVATIONS, transferBytes);
            this.gradientBytes = comm.tierBytes(CommKind.PIPELINE_GRADIENTS, transferBytes);
        }

        private List<CommPart> parts(ChunkWork w, boolean backward, boolean prefetched) {
            return parts.computeIfAbsent(w, k -> List.of(k.parts(false, false), k.parts(true, false),
                    k.parts(false, true), k.parts(true, true))).get((backward ? 1 : 0) + (prefetched ? 2 : 0));
        }

        StepActivity build() {
            List<StepActivity.RankActivity> ranks = new ArrayList<>();
            for (int r = 0; r < result.timeline.ranks().size(); r++) {
                ranks.add(rank(r));
            }
            return new StepActivity(ranks);
        }

        private StepActivity.RankActivity rank(int r) {
            List<StepActivity.ComputeSpan> compute = new ArrayList<>();
            List<StepActivity.CommSpan> comms = new ArrayList<>();
            for (PipelineTimeline.Slot slot : result.timeline.ranks().get(r)) {
                var op = slot.op();
                long s = slot.startNs();
                long e = slot.endNs();
                switch (op.kind()) {
                    case F -> {
                        ChunkWork w = result.works.get(op.position());
                        long c = Math.min(e, s + SimTime.secondsToNs(Math.max(w.forwardCompute(),
                                w.forwardPrefetch())));
                        compute.add(span(StepActivity.ComputeKind.FORWARD, op.microBatch(), s, c));
                        lay(comms, parts(w, false, false), c, e);
                        lay(comms, parts(w, false, true), s, e);
                    }
                    case B, BW -> {
                        ChunkWork w = result.works.get(op.position());
                        double computeSeconds = op.kind() == org.clustersim.pipeline.OpKind.B
                                ? Math.max(w.backwardInputCompute(), w.backwardPrefetch())
                                : Math.max(w.backwardInputCompute() + w.weightCompute(), w.backwardPrefetch());
                        long c = Math.min(e, s + SimTime.secondsToNs(computeSeconds));
                        compute.add(span(op.kind() == org.clustersim.pipeline.OpKind.B
                                ? StepActivity.ComputeKind.BACKWARD_INPUT : StepActivity.ComputeKind.BACKWARD,
                                op.microBatch(), s, c));
                        lay(comms, parts(w, true, false), c, e);
                        lay(comms, parts(w, true, true), s, e);
                    }
                    case W -> compute.add(span(StepActivity.ComputeKind.WEIGHT_GRADIENT, op.microBatch(), s, e));
                    case FB -> {
                        ChunkWork f = result.works.get(op.position());
                        ChunkWork b = result.works.get(op.backwardPosition());
                        // as OpCosts.overlappedNs: compute on the SMs left to it while communication runs beside
                        boolean overlapped = f.forwardComm() + b.backwardInputComm() > 0;
                        double factor = overlapped ? sm : 1;
                        long fc = s + SimTime.secondsToNs(Math.max(f.forwardCompute(), f.forwardPrefetch()) * factor);
                        long bc = fc + SimTime.secondsToNs(Math.max(b.backwardInputCompute() + b.weightCompute(),
                                b.backwardPrefetch()) * factor);
                        compute.add(span(StepActivity.ComputeKind.FORWARD, op.microBatch(), s, Math.min(fc, e)));
                        compute.add(span(StepActivity.ComputeKind.BACKWARD, op.backwardMicroBatch(), Math.min(fc, e),
                                Math.min(bc, e)));
                        long t = lay(comms, parts(f, false, false), s, e);
                        lay(comms, parts(b, true, false), t, e);
                        long p = lay(comms, parts(f, false, true), s, e);
                        lay(comms, parts(b, true, true), Math.max(p, Math.min(fc, e)), e);
                    }
                }
            }
            // pipeline sends as the simulator ran them (queued behind earlier ones on the same ports)
            for (PipelineTimeline.Transfer t : result.timeline.transfers()) {
                if (t.fromRank() == r) {
                    comms.add(new StepActivity.CommSpan(t.gradient() ? CommKind.PIPELINE_GRADIENTS
                            : CommKind.PIPELINE_ACTIVATIONS, t.startNs(), t.endNs(),
                            t.gradient() ? gradientBytes : activationBytes));
                }
            }
            long pipelineEnd = lastEndNs(result.timeline, r);
            long end = SimTime.secondsToNs(result.ends.get(r));
            long syncEnd = lay(comms, result.tails.get(r).sync(), pipelineEnd, end);
            if (end > syncEnd) {
                compute.add(span(StepActivity.ComputeKind.OPTIMIZER, -1, syncEnd, end));
            }
            return new StepActivity.RankActivity(r, compute, comms, end);
        }

        private StepActivity.ComputeSpan span(StepActivity.ComputeKind kind, int microBatch, long s, long e) {
            return new StepActivity.ComputeSpan(kind, microBatch, s, Math.max(s, e));
        }

        /** Parts one after another from {@code from}, none past {@code limit}; returns where the last ended. */
        private long lay(List<StepActivity.CommSpan> out, List<CommPart> parts, long from, long limit) {
            long t = from;
            for (CommPart part : parts) {
                long end = Math.min(limit, t + SimTime.secondsToNs(part.seconds()));
                if (end > t) {
                    out.add(new StepActivity.CommSpan(part.kind(), t, end, part.bytes()));
                }
                t = Math.max(t, end);
            }
            return t;
        }
    }
}

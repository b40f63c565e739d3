package org.clustersim.step;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clustersim.workload.ComputeModel;
import org.clustersim.workload.LayerOps;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.Op;
import org.clustersim.workload.Precision;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.PipelineLayout;
import org.clustersim.workload.Recompute;
import org.clustersim.workload.TrainingShape;

/**
 * Turns a model chunk into {@link ChunkWork}: the forward kernels of its layers from {@link LayerOps}, timed by the
 * compute model, and the communication each layer needs, timed by {@link StepCommunication}.
 *
 * <p>Backward rules: every GEMM has an input-gradient GEMM and a weight-gradient GEMM of the same FLOPs; attention's
 * backward has no weights and costs {@link AttentionKernel#backwardOverForward()} times its forward (FlashAttention
 * recomputes the scores: 2.5x); elementwise kernels run once
 * more. Recompute adds the recomputed forward to the input-gradient pass: all of it (full), or the elementwise
 * kernels and the attention core (selective). Communication in backward mirrors the forward's.
 */
public final class ChunkWorkModel {

    /**
     * Host time DeepSpeed's 2021 ZeRO-3 spent per parameter all-gather: about 130 us before the launch and 250 us in
     * it, measured on 8 A100s with DeepSpeed 0.3.16 and PyTorch 1.8 (deepspeedai/DeepSpeed issue #1069, June 2021).
     */
    public static final double DEEPSPEED_2021_GATHER_HOST_SECONDS = 380e-6;

    /** The ranks of the run that measured {@link #DEEPSPEED_2021_GATHER_HOST_SECONDS} (issue #1069: one 8-A100 node). */
    public static final int DEEPSPEED_2021_GATHER_HOST_MEASURED_RANKS = 8;

    /**
     * Host time per rank per gather, beyond the measured 8: DeepSpeed's 2021 {@code _allgather_param} (partition_
     * parameters.py) synchronised the device, then built the output list in a Python loop over the world size, one
     * {@code narrow} view per rank, before calling {@code all_gather}; the GPU waits through the loop. One Python view
     * op costs about 2.3 us (PyTorch's operator micro-benchmark, {@code torch.split} into two views on CUDA tensors
     * after pytorch/pytorch PR #32194, early 2020). The loop's {@code get_rank} call per rank is left out.
     */
    public static final double DEEPSPEED_2021_VIEW_PER_RANK_SECONDS = 2.3e-6;

    /**
     * Parameter tensors below this many elements stay gathered through forward and backward and are gathered once, at
     * the end of the optimizer step: DeepSpeed's stage-3 persistence threshold (hard-coded 100,000 in the first ZeRO-3,
     * {@code stage3_param_persistence_threshold} default 1e5 after). Biases and norms of a GPT layer fall below it.
     */
    public static final long DEEPSPEED_2021_PERSISTENCE_THRESHOLD = 100_000;

    private final ModelShape model;
    private final ParallelPlan plan;
    private final TrainingShape training;
    private final ComputeModel compute;
    private final StepCommunication comm;
    private final PipelineLayout layout;
    private final AttentionKernel attentionKernel;
    private final StepOptions.ZeroCollectives zeroCollectives;

    public ChunkWorkModel(ModelShape model, ParallelPlan plan, TrainingShape training, ComputeModel compute,
                          StepCommunication comm, AttentionKernel attentionKernel) {
        this(model, plan, training, compute, comm, attentionKernel, StepOptions.ZeroCollectives.PER_LAYER);
    }

    public ChunkWorkModel(ModelShape model, ParallelPlan plan, TrainingShape training, ComputeModel compute,
                          StepCommunication comm, AttentionKernel attentionKernel,
                          StepOptions.ZeroCollectives zeroCollectives) {
        this.attentionKernel = attentionKernel;
        this.zeroCollectives = zeroCollectives;
        this.model = model;
        this.plan = plan;
        this.training = training;
        this.compute = compute;
        this.comm = comm;
        this.layout = PipelineLayout.of(model, plan);
    }

    public PipelineLayout layout() {
        return layout;
    }

    /** Bytes of activations one micro-batch hands to the next stage (BF16, sequence-parallel shard). */
    public double pipelineActivationBytes() {
        return (double) plan.tokensPerMicroBatchPerRank(training) / plan.tensor() * model.hidden() * 2;
    }

    /**
     * Work of chunk {@code index} for one micro-batch, with the busiest expert rank receiving {@code expertLoad} x
     * its balanced share of tokens (1 = balanced).
     */
    public ChunkWork work(int index, double expertLoad) {
        PipelineLayout.Chunk chunk = layout.chunks().get(index);
        Map<String, Double> computeKinds = new LinkedHashMap<>();
        Map<String, Double> commKinds = new LinkedHashMap<>();
        double fComp = 0;
        double bComp = 0;
        double wComp = 0;
        double fComm = 0;
        double bComm = 0;
        double fPrefetch = 0;
        double bPrefetch = 0;
        long tokens = plan.tokensPerMicroBatchPerRank(training);
        Parts parts = new Parts();
        double activationBytes = (double) tokens * model.hidden() * 2;
        for (int unit = chunk.firstUnit(); unit < chunk.firstUnit() + chunk.units(); unit++) {
            LayerOps.Split ops = LayerOps.forwardSplit(model, plan, training, unit);
            double recomputed = 0;
            for (Op op : ops.shared()) {
                double t = time(op);
                fComp += t;
                String kind = kindOf(op);
                if (op instanceof Op.Gemm || op instanceof Op.Router) {
                    bComp += t;
                    wComp += t;
                    add(computeKinds, kind, 3 * t);
                } else if (op instanceof Op.Attention) {
                    double backward = attentionKernel.backwardOverForward() * t;
                    bComp += backward;
                    add(computeKinds, kind, t + backward);
                } else {
                    bComp += t;
                    add(computeKinds, kind, 2 * t);
                }
            }
            if (plan.recompute() == Recompute.SELECTIVE) {
                recomputed = sumTimes(ops.selectiveRecompute());
            }
            double experts = 0;
            for (Op op : ops.routedExperts()) {
                experts += compute.timeSeconds(op) * expertLoad;
            }
            fComp += experts;
            bComp += experts;
            wComp += experts;
            add(computeKinds, "experts", 3 * experts);
            if (plan.recompute() == Recompute.FULL) {
                recomputed = sumTimes(ops.all()) + experts - sumTimes(ops.routedExperts());
            }
            bComp += recomputed;
            add(computeKinds, "recompute", recomputed);

            boolean moe = unit < model.layers() ? model.isMoeLayer(unit) : model.isMoe();
            if (plan.zero() == 3 && plan.denseShardGroup() > 1) {
                // ZeRO-3 gathers each layer's weights before its forward and again before its backward, and
                // reduce-scatters its gradients after; per layer (FSDP) they are prefetched beside the compute.
                org.clustersim.workload.ParameterCounts.LayerParams params = unit < model.layers()
                        ? org.clustersim.workload.ParameterCounts.layerParams(model, unit)
                        : org.clustersim.workload.ParameterCounts.mtpModuleParams(model);
                double dense = (double) params.nonExpertParams() / plan.tensor();
                TierBytes gatherBytes = comm.tierBytes(CommKind.ZERO_GATHER, dense * 2);
                double gather;
                double scatter;
                double scatterBytes;
                if (zeroCollectives == StepOptions.ZeroCollectives.PER_TENSOR) {
                    // DeepSpeed's 2021 ZeRO-3 (v0.3, PyTorch 1.8): one all-gather per parameter tensor, and none of
                    // them beside the compute: each synchronised the device before launching (the "async" gather was
                    // "not async at all", DeepSpeed PR #1188), spent host time launching, and PyTorch's list
                    // all_gather copied its result out to one tensor per rank. Gradients went the same way, one
                    // reduce_scatter per tensor in FP16 (allreduce_always_fp32 was refused with reduce_scatter) over a
                    // list of per-rank views built in Python (a view and a narrow per rank, _reduce_scatter_gradient),
                    // which PyTorch's list reduce_scatter flattened with one copy per rank. They were launched from
                    // the gradient hooks onto their own stream (overlap_comm), so they run beside the backward's
                    // compute, host time included (the optimistic reading: the hooks' host work delays no launch).
                    gather = 0;
                    scatter = 0;
                    int ranks = plan.denseShardGroup();
                    double launch = compute.parameters().launchOverheadSeconds();
                    for (long tensor : org.clustersim.workload.ParameterCounts.layerTensorParams(model, unit)) {
                        double bytes = (double) tensor / plan.tensor() * 2;
                        if (tensor >= DEEPSPEED_2021_PERSISTENCE_THRESHOLD) {
                            gather += comm.dataParallelAllGatherSeconds(bytes) + deepSpeed2021GatherHostSeconds(ranks)
                                    + ranks * launch;
                        }
                        scatter += comm.dataParallelReduceScatterSeconds(bytes)
                                + ranks * (2 * DEEPSPEED_2021_VIEW_PER_RANK_SECONDS + launch);
                    }
                    scatterBytes = dense * 2;
                    fComm += gather;
                    bComm += gather;
                    bPrefetch += scatter;
                    parts.add(CommKind.ZERO_GATHER, false, false, gather, gatherBytes);
                    parts.add(CommKind.ZERO_GATHER, true, false, gather, gatherBytes);
                } else {
                    gather = comm.dataParallelAllGatherSeconds(dense * 2);
                    scatterBytes = dense * 4;
                    scatter = comm.dataParallelReduceScatterSeconds(scatterBytes);
                    fPrefetch += gather;
                    bPrefetch += gather + scatter;
                    parts.add(CommKind.ZERO_GATHER, false, true, gather, gatherBytes);
                    parts.add(CommKind.ZERO_GATHER, true, true, gather, gatherBytes);
                }
                add(commKinds, "zero", 2 * gather + scatter);
                parts.add(CommKind.ZERO_SCATTER, true, true, scatter,
                        comm.tierBytes(CommKind.ZERO_SCATTER, scatterBytes));
            }
            if (plan.tensor() > 1) {
                double tp = 2 * comm.tensorParallelSeconds(activationBytes); // attention and FFN
                fComm += tp;
                bComm += tp;
                add(commKinds, "tensor", 2 * tp);
                TierBytes tpBytes = comm.tierBytes(CommKind.TENSOR_ALL_REDUCE, activationBytes).times(2);
                parts.add(CommKind.TENSOR_ALL_REDUCE, false, false, tp, tpBytes);
                parts.add(CommKind.TENSOR_ALL_REDUCE, true, false, tp, tpBytes);
            }
            if (moe && plan.expert() > 1) {
                double dispatch = comm.expertDispatchSeconds(tokens, expertLoad);
                double combine = comm.expertCombineSeconds(tokens, expertLoad);
                double backward = comm.expertBackwardSeconds(tokens, expertLoad);
                fComm += dispatch + combine;
                bComm += backward;
                add(commKinds, "expert", dispatch + combine + backward);
                parts.add(CommKind.EXPERT_DISPATCH, false, false, dispatch,
                        comm.moeTierBytes(CommKind.EXPERT_DISPATCH, tokens, expertLoad));
                parts.add(CommKind.EXPERT_COMBINE, false, false, combine,
                        comm.moeTierBytes(CommKind.EXPERT_COMBINE, tokens, expertLoad));
                parts.add(CommKind.EXPERT_BACKWARD, true, false, backward,
                        comm.moeTierBytes(CommKind.EXPERT_BACKWARD, tokens, expertLoad));
            }
            if (plan.context() > 1) {
                double kv = comm.contextParallelSeconds(kvBytesPerRank(tokens));
                fComm += kv;
                bComm += kv;
                add(commKinds, "context", 2 * kv);
                TierBytes kvBytes = comm.tierBytes(CommKind.CONTEXT_EXCHANGE, kvBytesPerRank(tokens));
                parts.add(CommKind.CONTEXT_EXCHANGE, false, false, kv, kvBytes);
                parts.add(CommKind.CONTEXT_EXCHANGE, true, false, kv, kvBytes);
            }
        }
        // An MTP module predicts its token through the shared output head and embeds the shifted tokens with the
        // shared embedding (tech report §2.2: Emb, OutHead shared; deepseek-v3.md A.2): one more head pass and one
        // more lookup per module, on the rank that holds it (the FLOP counter counts that head too).
        int mtpModules = chunk.mtpModules(model);
        int heads = (chunk.hasHead() ? 1 : 0) + mtpModules;
        for (int head = 0; head < heads; head++) {
            for (Op op : LayerOps.head(model, plan, training)) {
                double t = compute.timeSeconds(op);
                fComp += t;
                bComp += t;
                if (op instanceof Op.Gemm) {
                    wComp += t;
                    add(computeKinds, "head", 3 * t);
                } else {
                    add(computeKinds, "head", 2 * t);
                }
            }
        }
        int embeddings = (chunk.hasEmbedding() ? 1 : 0) + mtpModules;
        for (int embedding = 0; embedding < embeddings; embedding++) {
            double t = compute.timeSeconds(new Op.Elementwise("embedding", activationBytes * 2));
            fComp += t;
            wComp += t;
            add(computeKinds, "elementwise", 2 * t);
        }
        return new ChunkWork(fComp, fComm, bComp, bComm, wComp, computeKinds, commKinds, fPrefetch, bPrefetch,
                parts.list());
    }

    /** Keys and values one rank holds for one layer (BF16), exchanged around the context-parallel ring. */
    private double kvBytesPerRank(long tokens) {
        org.clustersim.workload.Attention a = model.attention();
        // MLA exchanges decompressed keys and values, as its attention kernels consume them
        int kvDim = a instanceof org.clustersim.workload.Attention.MultiHead mh ? 2 * mh.kvHeads() * mh.headDim()
                : a.heads() * (a.qkHeadDim() + a.vHeadDim());
        return (double) tokens * kvDim * 2;
    }

    private double sumTimes(List<Op> ops) {
        double total = 0;
        for (Op op : ops) {
            total += time(op);
        }
        return total;
    }

    /**
     * Time of a forward op. Materialized attention computes the full (unmasked) score matrix with two batched BF16
     * GEMMs (Q K^T, then scores x V; the backward pass runs each twice) and streams the scores through HBM in separate
     * softmax and dropout kernels: its matmuls run at GEMM efficiency, not at the fused kernel's.
     */
    private double time(Op op) {
        if (op instanceof Op.Attention a && attentionKernel == AttentionKernel.MATERIALIZED) {
            long rows = a.batch() * a.heads() * a.queries();
            double matmuls = compute.timeSeconds(new Op.Gemm(rows, a.keys(), a.qkHeadDim(), Precision.BF16))
                    + compute.timeSeconds(new Op.Gemm(rows, a.vHeadDim(), a.keys(), Precision.BF16));
            double scores = (double) rows * a.keys();
            return (a.backward() ? 2 : 1) * matmuls + compute.timeSeconds(new Op.Elementwise("attention scores",
                    scores * AttentionKernel.MATERIALIZED_BYTES_PER_SCORE));
        }
        return compute.timeSeconds(op);
    }

    private static String kindOf(Op op) {
        if (op instanceof Op.Gemm) {
            return "gemm";
        }
        if (op instanceof Op.Attention) {
            return "attention";
        }
        if (op instanceof Op.Router) {
            return "router";
        }
        return "elementwise";
    }

    private static void add(Map<String, Double> map, String key, double value) {
        if (value != 0) {
            map.merge(key, value, Double::sum);
        }
    }

    /**
     * The once-per-step gather of the persistent tensors of {@code chunks} (DeepSpeed 2021 ZeRO-3 per tensor; zero
     * otherwise), after the optimizer step: one all-gather of them all, then, for each tensor and each rank, a copy of
     * that rank's piece into the tensor (two views and a narrow in Python, and the copy: {@code _allgather_params}).
     */
    public double persistentGatherSeconds(List<PipelineLayout.Chunk> chunks) {
        if (zeroCollectives != StepOptions.ZeroCollectives.PER_TENSOR || plan.zero() != 3
                || plan.denseShardGroup() <= 1) {
            return 0;
        }
        long tensors = 0;
        double elements = 0;
        for (PipelineLayout.Chunk chunk : chunks) {
            for (int unit = chunk.firstUnit(); unit < chunk.firstUnit() + chunk.units(); unit++) {
                for (long tensor : org.clustersim.workload.ParameterCounts.layerTensorParams(model, unit)) {
                    if (tensor < DEEPSPEED_2021_PERSISTENCE_THRESHOLD) {
                        tensors++;
                        elements += tensor;
                    }
                }
            }
        }
        if (tensors == 0) {
            return 0;
        }
        int ranks = plan.denseShardGroup();
        double launch = compute.parameters().launchOverheadSeconds();
        return comm.dataParallelAllGatherSeconds(elements / plan.tensor() * 2) + deepSpeed2021GatherHostSeconds(ranks)
                + ranks * launch + tensors * ranks * (3 * DEEPSPEED_2021_VIEW_PER_RANK_SECONDS + launch);
    }

    /**
     * Host time of one DeepSpeed-2021 parameter gather over {@code ranks}: the 8-rank measurement plus one Python view
     * per further rank.
     */
    public static double deepSpeed2021GatherHostSeconds(int ranks) {
        return DEEPSPEED_2021_GATHER_HOST_SECONDS
                + Math.max(0, ranks - DEEPSPEED_2021_GATHER_HOST_MEASURED_RANKS) * DEEPSPEED_2021_VIEW_PER_RANK_SECONDS;
    }

    /** Communication parts summed over a chunk's layers, one per (kind, pass, prefetched), in first-seen order. */
    private static final class Parts {
        private final Map<String, CommPart> byKey = new LinkedHashMap<>();

        void add(CommKind kind, boolean backward, boolean prefetched, double seconds, TierBytes bytes) {
            if (seconds <= 0) {
                return;
            }
            byKey.merge(kind + ":" + backward + ":" + prefetched,
                    new CommPart(kind, backward, prefetched, seconds, bytes),
                    (a, b) -> new CommPart(kind, backward, prefetched, a.seconds() + b.seconds(),
                            a.bytes().plus(b.bytes())));
        }

        List<CommPart> list() {
            return List.copyOf(byKey.values());
        }
    }
}

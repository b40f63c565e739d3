package org.clustersim.workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;
import org.clustersim.hardware.ClusterConfig;

/**
 * Peak memory per GPU of a training plan, per pipeline rank.
 *
 * <p><b>Model states</b>, bytes per parameter held (Megatron-LM's distributed-optimizer accounting for BF16 weights
 * with FP32 gradients, docs "distributed optimizer": 6 + 12/d; DeepSeek-V3 keeps the same FP32 master weights and
 * gradients but BF16 moments, A.2): BF16 weights 2, FP32 gradients 4, FP32 master weights 4, moments 8 (FP32) or 4
 * (BF16). ZeRO-1 divides the optimizer state, ZeRO-2 also the gradients, ZeRO-3 also the weights, by data x context
 * for dense weights and by the expert-data-parallel group for routed experts. Tensor parallelism divides dense
 * weights (embedding and head vocabulary-parallel); expert parallelism divides routed experts.
 *
 * <p><b>Placement</b>: {@link PipelineLayout}; the first chunk holds the embedding, the last the final norm, output
 * head and MTP modules. A rank that holds the head of tied embeddings, or MTP modules, without the first chunk keeps a
 * copy of the embedding table (Megatron's last-stage copy); DualPipe puts the first and last chunk on the same rank,
 * so DeepSeek-V3 shares them physically (A.2).
 *
 * <p><b>Activations</b>, bytes per token per layer, kept for the backward pass: BF16 (2 bytes) for layer inputs and
 * tensors the attention kernel needs, {@link Precision#storedGemmInputBytes()} for GEMM inputs, FP32 for softmax
 * statistics and router scores. Memory-efficient attention keeps no score matrix; no dropout. Tensor parallelism
 * with sequence parallelism divides all of it by tensor; context parallelism divides the tokens.
 * What each {@link Recompute} mode keeps is listed in {@link #activationBytesPerToken}. Under selective recompute the
 * router weight is applied to the SwiGLU output before the down projection (equivalent), so routed experts' outputs
 * need not be kept for the gate's gradient (an assumption consistent with DeepSeek caching only SwiGLU inputs).
 * Peak = chunk-micro-batches in flight ({@link Schedule#inFlightChunkMicroBatches}) x the rank's mean chunk
 * activations. Routing is taken as balanced.
 *
 * <p><b>Temporary</b>: logits of one micro-batch on the rank with the head; the recomputation working set (one
 * layer's dropped tensors); ZeRO-3's gathered layers. Plus {@link MemoryParameters#runtimeReserveBytes()}.
 */
public final class MemoryModel {

    /** BF16 weights. */
    static final int WEIGHT_BYTES = 2;
    /** FP32 gradients (DeepSeek-V3 A.2; Megatron-LM accumulates BF16 models' gradients in FP32). */
    static final int GRADIENT_BYTES = 4;
    /** FP32 master weights (A.2; Megatron-LM's distributed optimizer). */
    static final int MASTER_BYTES = 4;

    private static final double GIB = 1L << 30;

    private final MemoryParameters parameters;

    public MemoryModel(MemoryParameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    public MemoryModel() {
        this(MemoryParameters.INITIAL);
    }

    /** Memory of every pipeline rank. The plan must have passed {@link ParallelPlan#validate}. */
    public MemoryReport estimate(ModelShape model, ParallelPlan plan, ClusterConfig cluster, TrainingShape training) {
        PipelineLayout layout = PipelineLayout.of(model, plan);
        long microBatches = plan.microBatches(training);
        long tokens = plan.tokensPerMicroBatchPerRank(training);
        int t = plan.tensor();
        ParameterCounts.LayerParams mtpParams = model.mtpDepth() > 0 ? ParameterCounts.mtpModuleParams(model) : null;
        long vocabShard = ceilDiv((long) model.vocab() * model.hidden(), t);
        List<RankMemory> ranks = new ArrayList<>();
        for (int rank = 0; rank < plan.pipeline(); rank++) {
            List<PipelineLayout.Chunk> chunks = layout.chunksOfRank(rank);
            boolean hasEmbedding = chunks.stream().anyMatch(PipelineLayout.Chunk::hasEmbedding);
            double dense = 0;
            double experts = 0;
            double chunkActivationSum = 0;
            double largestUnitParams = 0;
            double largestDropped = 0;
            boolean hasHead = false;
            boolean needsEmbeddingCopy = false;
            StringJoiner holds = new StringJoiner("; ");
            for (PipelineLayout.Chunk chunk : chunks) {
                holds.add(chunk.describe(model));
                double perToken = 0;
                for (int layer : chunk.layers(model)) {
                    ParameterCounts.LayerParams p = ParameterCounts.layerParams(model, layer);
                    dense += (double) p.nonExpertParams() / t;
                    experts += (double) p.routedExpertParams() / plan.expert();
                    largestUnitParams = Math.max(largestUnitParams,
                            (double) p.nonExpertParams() / t + (double) p.routedExpertParams() / plan.expert());
                    perToken += activationBytesPerToken(model, layer, plan.recompute(), plan.precision());
                    largestDropped = Math.max(largestDropped, droppedBytesPerToken(model, layer, plan));
                }
                int mtp = chunk.mtpModules(model);
                for (int i = 0; i < mtp; i++) {
                    dense += (double) mtpParams.nonExpertParams() / t;
                    experts += (double) mtpParams.routedExpertParams() / plan.expert();
                    perToken += activationBytesPerToken(model, model.layers(), plan.recompute(), plan.precision());
                    largestDropped = Math.max(largestDropped, droppedBytesPerToken(model, model.layers(), plan));
                    needsEmbeddingCopy |= !hasEmbedding;
                }
                if (chunk.hasEmbedding()) {
                    dense += (double) model.embeddingTableParams() / t;
                }
                if (chunk.hasHead()) {
                    hasHead = true;
                    dense += model.norm().params(model.hidden());
                    if (model.tiedEmbeddings()) {
                        needsEmbeddingCopy |= !hasEmbedding;
                    } else {
                        dense += vocabShard;
                    }
                    // final norm input and the head's BF16 input, kept for the backward pass
                    perToken += 4.0 * model.hidden();
                }
                chunkActivationSum += perToken / t * tokens;
            }
            if (needsEmbeddingCopy) {
                dense += vocabShard;
            }
            int denseGroup = plan.denseShardGroup();
            int expertGroup = plan.expertDataParallel();
            double weightBytes = WEIGHT_BYTES * shard(dense, experts, plan.zero() >= 3, denseGroup, expertGroup);
            double gradientBytes = GRADIENT_BYTES * shard(dense, experts, plan.zero() >= 2, denseGroup, expertGroup);
            double optimizerBytes = (MASTER_BYTES + plan.optimizerMoments().bytesPerParam())
                    * shard(dense, experts, plan.zero() >= 1, denseGroup, expertGroup);
            long inFlight = plan.schedule().inFlightChunkMicroBatches(rank, plan.pipeline(), plan.virtualStages(),
                    microBatches);
            if (plan.overlapPairs()) {
                // overlapped pairs hold one more: Megatron-Core warms up with an extra forward (and without
                // pipelining the next forward runs beside the current backward)
                inFlight = Math.min(inFlight + 1, (long) microBatches * plan.virtualStages());
            }
            double activationBytes = inFlight * chunkActivationSum / chunks.size();
            double temporary = largestDropped / t * tokens;
            if (hasHead) {
                temporary += (double) tokens * ceilDiv(model.vocab(), t) * parameters.logitBytesPerElement();
            }
            if (plan.zero() >= 3) {
                temporary += WEIGHT_BYTES * largestUnitParams * parameters.zero3PrefetchLayers();
            }
            ranks.add(new RankMemory(rank, plan.firstRankOfStage(rank), holds.toString(), Math.round(dense + experts),
                    weightBytes, gradientBytes, optimizerBytes, activationBytes, temporary,
                    parameters.runtimeReserveBytes(), inFlight));
        }
        return new MemoryReport(ranks, cluster.gpu().hbmBytes(), cluster.gpu().id());
    }

    private static double shard(double dense, double experts, boolean sharded, int denseGroup, int expertGroup) {
        return sharded ? dense / denseGroup + experts / expertGroup : dense + experts;
    }

    /** Bytes per token of one layer's tensors that recomputation drops and rebuilds one layer at a time. */
    private static double droppedBytesPerToken(ModelShape model, int layer, ParallelPlan plan) {
        if (plan.recompute() == Recompute.NONE) {
            return 0;
        }
        return activationBytesPerToken(model, layer, Recompute.NONE, plan.precision())
                - activationBytesPerToken(model, layer, plan.recompute(), plan.precision());
    }

    /**
     * Activation bytes per token kept by one layer ({@code layer} = layers means an MTP module), before tensor
     * parallelism. With a = 2 (BF16), g = GEMM-input bytes at the plan's precision, h hidden, H heads:
     *
     * <ul>
     * <li>FULL: the layer input, a·h (an MTP module keeps its two inputs, a·2h).</li>
     * <li>Attention (MHA/GQA), NONE: input a·h, norm output g·h, Q K V a·(q + 2kv), attention output g·q, softmax
     * statistics 4·H. SELECTIVE drops the norm output.</li>
     * <li>MLA, NONE: input, norm output, query latent a·q' and its norm g·q', key-value latent and rotary key
     * a·(c + r) and its norm g·c, Q and K a·2·H·(dn + r), V a·H·dv, output g·H·dv, statistics 4·H. SELECTIVE keeps the
     * input, the latents, the output and the statistics (norms and up-projections are recomputed; without a query
     * latent Q is kept).</li>
     * <li>Dense FFN, NONE: input, norm output g·h, up-projection outputs a·2f (gated; a·f plain), activation output
     * g·f. SELECTIVE keeps the input and the activation function's input at g (DeepSeek caches SwiGLU inputs in FP8).
     * </li>
     * <li>MoE, NONE: input, norm output g·h, router scores 4·E, dispatched tokens k·g·h, per routed and shared expert
     * as the dense FFN, expert outputs for the gate's gradient k·a·h. SELECTIVE: input, scores, dispatched tokens and
     * the experts' SwiGLU inputs.</li>
     * <li>MTP module extra: the two norm inputs a·2h, and under NONE the eh_proj input g·2h.</li>
     * </ul>
     */
    public static double activationBytesPerToken(ModelShape model, int layer, Recompute recompute,
            Precision precision) {
        double a = 2;
        double g = precision.storedGemmInputBytes();
        double h = model.hidden();
        boolean mtp = layer >= model.layers();
        if (recompute == Recompute.FULL) {
            return a * h * (mtp ? 2 : 1);
        }
        boolean selective = recompute == Recompute.SELECTIVE;
        double bytes = a * h + (selective ? 0 : g * h);
        Attention attention = model.attention();
        int heads = attention.heads();
        if (attention instanceof Attention.MultiHead mh) {
            double q = (double) heads * mh.headDim();
            double kv = (double) mh.kvHeads() * mh.headDim();
            bytes += a * (q + 2 * kv) + g * q + 4.0 * heads;
        } else {
            Attention.Latent mla = (Attention.Latent) attention;
            double qk = (double) heads * mla.qkHeadDim();
            double v = (double) heads * mla.vHeadDim();
            double latents = a * (mla.kvLoraRank() + mla.qkRopeHeadDim());
            if (selective) {
                bytes += (mla.qLoraRank() > 0 ? a * mla.qLoraRank() : a * qk) + latents + g * v + 4.0 * heads;
            } else {
                bytes += (mla.qLoraRank() > 0 ? (a + g) * mla.qLoraRank() : 0) + latents + g * mla.kvLoraRank()
                        + a * 2 * qk + a * v + g * v + 4.0 * heads;
            }
        }
        bytes += a * h + (selective ? 0 : g * h);
        FeedForward ffn = model.feedForward();
        if (ffn instanceof FeedForward.MixtureOfExperts moe && moe.isMoeLayer(layer)) {
            double unit = ffnBytes(moe.expertFfnHidden(), moe.gated(), selective, a, g);
            bytes += 4.0 * moe.routedExperts() + moe.activeExperts() * g * h
                    + (moe.activeExperts() + moe.sharedExperts()) * unit
                    + (selective ? 0 : moe.activeExperts() * a * h);
        } else {
            int width = ffn instanceof FeedForward.Dense d ? d.ffnHidden()
                    : ((FeedForward.MixtureOfExperts) ffn).denseFfnHidden();
            boolean gated = ffn instanceof FeedForward.Dense d ? d.gated()
                    : ((FeedForward.MixtureOfExperts) ffn).gated();
            bytes += ffnBytes(width, gated, selective, a, g);
        }
        if (mtp) {
            bytes += a * 2 * h + (selective ? 0 : g * 2 * h);
        }
        return bytes;
    }

    private static double ffnBytes(double width, boolean gated, boolean selective, double a, double g) {
        if (selective) {
            return g * width * (gated ? 2 : 1);
        }
        return a * width * (gated ? 2 : 1) + g * width;
    }

    /**
     * Throws {@link PlanDoesNotFitError} if some rank needs more than the GPU holds, naming the rank, its need and the
     * capacity, and the knobs that would make the plan fit (each estimated).
     */
    public MemoryReport check(ModelShape model, ParallelPlan plan, ClusterConfig cluster, TrainingShape training) {
        MemoryReport report = estimate(model, plan, cluster, training);
        if (report.fits()) {
            return report;
        }
        RankMemory peak = report.peak();
        String message = String.format(Locale.ROOT, "plan does not fit in GPU memory: pipeline rank %d (global rank %d,"
                + " holding %s) needs %.1f GiB but a %s has %.1f GiB (weights %.1f, gradients %.1f, optimizer %.1f, "
                + "activations %.1f, temporary %.1f, runtime reserve %.1f GiB)", peak.pipelineRank(),
                peak.firstGlobalRank(), peak.holds(), peak.totalBytes() / GIB, report.gpuId(),
                report.capacityBytes() / GIB, peak.weightBytes() / GIB, peak.gradientBytes() / GIB,
                peak.optimizerBytes() / GIB, peak.activationBytes() / GIB, peak.temporaryBytes() / GIB,
                peak.reservedBytes() / GIB);
        throw new PlanDoesNotFitError(report, message, suggestions(model, plan, cluster, training, report));
    }

    /** A change of plan to try, with how to write it. */
    private record Knob(String family, UnaryOperator<ParallelPlan> apply) {
    }

    private record Option(String description, double peakBytes, int knobs) {
    }

    private String suggestions(ModelShape model, ParallelPlan plan, ClusterConfig cluster, TrainingShape training,
            MemoryReport report) {
        List<Knob> knobs = knobs(model, plan, cluster);
        List<Option> fits = new ArrayList<>();
        Option best = null;
        for (int i = 0; i < knobs.size(); i++) {
            for (int j = i; j < knobs.size(); j++) {
                Knob first = knobs.get(i);
                Knob second = knobs.get(j);
                if (i != j && first.family().equals(second.family())) {
                    continue;
                }
                ParallelPlan candidate = first.apply().apply(plan);
                if (i != j && candidate != null) {
                    candidate = second.apply().apply(candidate);
                }
                Double peak = candidate == null ? null : peakOrNull(model, candidate, cluster, training);
                if (peak == null) {
                    continue;
                }
                Option option = new Option(changes(plan, candidate), peak, i == j ? 1 : 2);
                if (peak <= report.capacityBytes()) {
                    fits.add(option);
                } else if (best == null || peak < best.peakBytes()) {
                    best = option;
                }
            }
        }
        String general = "knobs: raise pipeline" + (model.isMoe() ? ", tensor or expert" : " or tensor")
                + " parallelism; zero 1-3; recompute selective or full; a smaller microBatch; optimizerMoments bf16";
        if (fits.isEmpty()) {
            return (best == null ? "" : String.format(Locale.ROOT, "no one or two changes make it fit; the closest is "
                    + "%s (%.1f GiB); ", best.description(), best.peakBytes() / GIB)) + general;
        }
        // one change is better than two: show pairs only when no single change fits
        boolean single = fits.stream().anyMatch(f -> f.knobs() == 1);
        StringJoiner out = new StringJoiner("; ", "would fit with ", "");
        fits.stream().filter(f -> !single || f.knobs() == 1)
                .sorted(Comparator.comparingDouble(Option::peakBytes)).limit(3)
                .forEach(f -> out.add(String.format(Locale.ROOT, "%s (%.1f GiB)", f.description(),
                        f.peakBytes() / GIB)));
        return out + "; other " + general;
    }

    /** The keys that differ, as a user would write them: "tensor: 8, data: 8 and zero: 3". */
    private static String changes(ParallelPlan from, ParallelPlan to) {
        List<String> degrees = new ArrayList<>();
        List<String> others = new ArrayList<>();
        if (from.tensor() != to.tensor()) {
            degrees.add("tensor: " + to.tensor());
        }
        if (from.pipeline() != to.pipeline()) {
            degrees.add("pipeline: " + to.pipeline());
        }
        if (from.expert() != to.expert()) {
            degrees.add("expert: " + to.expert());
        }
        if (from.data() != to.data()) {
            degrees.add("data: " + to.data());
        }
        if (!degrees.isEmpty()) {
            others.add(String.join(", ", degrees));
        }
        if (from.zero() != to.zero()) {
            others.add("zero: " + to.zero());
        }
        if (from.microBatch() != to.microBatch()) {
            others.add("microBatch: " + to.microBatch());
        }
        if (from.recompute() != to.recompute()) {
            others.add("recompute: " + to.recompute().name().toLowerCase(Locale.ROOT));
        }
        if (from.optimizerMoments() != to.optimizerMoments()) {
            others.add("optimizerMoments: " + to.optimizerMoments().name().toLowerCase(Locale.ROOT));
        }
        return String.join(" and ", others);
    }

    private Double peakOrNull(ModelShape model, ParallelPlan candidate, ClusterConfig cluster,
            TrainingShape training) {
        try {
            candidate.validate(model, cluster, training);
        } catch (WorkloadError e) {
            return null;
        }
        return estimate(model, candidate, cluster, training).peak().totalBytes();
    }

    private static List<Knob> knobs(ModelShape model, ParallelPlan p, ClusterConfig cluster) {
        List<Knob> out = new ArrayList<>();
        for (int z = p.zero() + 1; z <= 3; z++) {
            int zero = z;
            out.add(new Knob("zero", q -> with(q, q.tensor(), q.pipeline(), q.expert(), q.data(), zero,
                    q.microBatch(), q.recompute(), q.optimizerMoments())));
        }
        for (Recompute r : new Recompute[] {Recompute.SELECTIVE, Recompute.FULL}) {
            if (r.ordinal() > p.recompute().ordinal()) {
                out.add(new Knob("recompute",
                        q -> with(q, q.tensor(), q.pipeline(), q.expert(), q.data(), q.zero(), q.microBatch(), r,
                                q.optimizerMoments())));
            }
        }
        if (p.microBatch() > 1) {
            out.add(new Knob("microBatch", q -> with(q, q.tensor(), q.pipeline(), q.expert(),
                    q.data(), q.zero(), 1, q.recompute(), q.optimizerMoments())));
        }
        if (p.optimizerMoments() == OptimizerMoments.FP32) {
            out.add(new Knob("moments", q -> with(q, q.tensor(), q.pipeline(), q.expert(),
                    q.data(), q.zero(), q.microBatch(), q.recompute(), OptimizerMoments.BF16)));
        }
        for (int f = 2; f <= 64 && p.data() % f == 0; f *= 2) {
            int factor = f;
            int pipeline = p.pipeline() * f;
            if (pipeline <= model.layers()) {
                out.add(new Knob("pipeline",
                        q -> with(q, q.tensor(), q.pipeline() * factor, q.expert(), q.data() / factor, q.zero(),
                                q.microBatch(), q.recompute(), q.optimizerMoments())));
            }
            int tensor = p.tensor() * f;
            if (tensor <= cluster.gpusPerNode()) {
                out.add(new Knob("tensor",
                        q -> with(q, q.tensor() * factor, q.pipeline(), q.expert(), q.data() / factor, q.zero(),
                                q.microBatch(), q.recompute(), q.optimizerMoments())));
            }
        }
        if (model.isMoe()) {
            for (int f = 2; f <= 64; f *= 2) {
                int factor = f;
                out.add(new Knob("expert", q -> with(q, q.tensor(), q.pipeline(),
                        q.expert() * factor, q.data(), q.zero(), q.microBatch(), q.recompute(),
                        q.optimizerMoments())));
            }
        }
        return out;
    }

    /** The plan with these values, or null if a division above did not come out whole. */
    private static ParallelPlan with(ParallelPlan p, int tensor, int pipeline, int expert, int data, int zero,
            int microBatch, Recompute recompute, OptimizerMoments moments) {
        if (data < 1 || (long) tensor * pipeline * data != (long) p.tensor() * p.pipeline() * p.data()) {
            return null;
        }
        return new ParallelPlan(tensor, pipeline, p.virtualStages(), expert, data, p.context(), zero, microBatch,
                p.schedule(), recompute, p.precision(), moments, p.commSms());
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}

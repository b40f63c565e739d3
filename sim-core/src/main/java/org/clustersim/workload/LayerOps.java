package org.clustersim.workload;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.workload.Linear.Component;

/**
 * The forward kernels of one transformer layer on one rank, from the same {@link Linear}s as the parameter and FLOP
 * counts: the step simulator schedules these; the compute model times them.
 *
 * <p>Placement: tensor parallelism splits projections Megatron-style (column-parallel, then row-parallel for
 * {@code wo} and the FFN's down projection) with sequence parallelism, so norms, routers and experts see
 * tokens / tensor tokens. Routed experts are not split by tensor parallelism; each rank holds
 * routedExperts / expert of them and, with balanced routing, each receives
 * (tokens / tensor) x activeExperts x expert / routedExperts tokens. Context parallelism splits the queries; every
 * query still attends over the whole sequence.
 */
public final class LayerOps {

    private LayerOps() {
    }

    /**
     * A layer's forward ops with the routed-expert GEMMs apart, so that uneven expert load can stretch exactly them.
     *
     * @param selectiveRecompute the ops among {@code shared} that selective recomputation runs again in the backward
     *                           pass, the tensors {@link MemoryModel} drops under it: the norms, the activation
     *                           function and, for MLA, the up-projections from the latents (DeepSeek-V3 §3.2.3,
     *                           deepseek-v3.md A.2; Megatron-Core's "layernorm", "moe_act" and "mla_up_proj")
     */
    public record Split(List<Op> shared, List<Op> routedExperts, List<Op> selectiveRecompute) {
        public Split {
            shared = List.copyOf(shared);
            routedExperts = List.copyOf(routedExperts);
            selectiveRecompute = List.copyOf(selectiveRecompute);
        }

        public List<Op> all() {
            List<Op> out = new ArrayList<>(shared);
            out.addAll(routedExperts);
            return List.copyOf(out);
        }
    }

    /**
     * Forward ops of unit {@code unit} (a main layer, or MTP module {@code unit - layers}) for one micro-batch.
     *
     * @param training the step shape (its sequence length is used)
     */
    public static List<Op> forward(ModelShape model, ParallelPlan plan, TrainingShape training, int unit) {
        return forwardSplit(model, plan, training, unit).all();
    }

    /** As {@link #forward}, with the routed experts' GEMMs (balanced load) listed apart. */
    public static Split forwardSplit(ModelShape model, ParallelPlan plan, TrainingShape training, int unit) {
        int t = plan.tensor();
        long tokens = plan.tokensPerMicroBatchPerRank(training);
        long perTpRank = Math.max(1, tokens / t);
        boolean mtp = unit >= model.layers();
        List<Linear> linears = mtp ? model.mtpLinears() : model.layerLinears(unit);
        List<Op> ops = new ArrayList<>();
        List<Op> expertOps = new ArrayList<>();
        List<Op> recomputed = new ArrayList<>();
        long hidden = model.hidden();
        // two RMSNorm/LayerNorm passes (BF16 read and write) and two residual adds (two reads, one write); MLA also
        // normalises its query and key-value latents
        double normWidth = 2.0 * hidden + (model.attention() instanceof Attention.Latent mla
                ? (double) mla.qLoraRank() + mla.kvLoraRank() : 0);
        Op norms = new Op.Elementwise("norms", 4 * (double) perTpRank * normWidth);
        ops.add(norms);
        recomputed.add(norms);
        ops.add(new Op.Elementwise("residual adds", 2 * 6 * (double) perTpRank * hidden));
        double activationBytes = 0;
        for (Linear l : linears) {
            Precision precision = l.component() == Component.ROUTER ? Precision.BF16 : plan.precision();
            switch (l.component()) {
                case ROUTER -> ops.add(new Op.Router(perTpRank, (int) l.inFeatures(), (int) l.outFeatures()));
                case ROUTED_EXPERTS -> {
                    int local = l.instances() / plan.expert();
                    double received = (double) perTpRank * l.activeInstances() * plan.expert() / l.instances();
                    long m = Math.max(1, Math.round(received));
                    for (int e = 0; e < local; e++) {
                        expertOps.add(new Op.Gemm(m, l.outFeatures(), l.inFeatures(), precision));
                    }
                    if (isFfnUp(l)) {
                        activationBytes += activationFunctionBytes(linears, (double) local * m * l.outFeatures());
                    }
                }
                default -> {
                    boolean rowParallel = l.name().equals("wo") || l.name().equals("w2") || l.name().equals("fc2");
                    long n = rowParallel ? l.outFeatures() : l.outFeatures() * l.instances() / t;
                    long k = rowParallel ? l.inFeatures() * l.instances() / t : l.inFeatures();
                    Op gemm = new Op.Gemm(tokens, Math.max(1, n), Math.max(1, k), precision);
                    ops.add(gemm);
                    if (l.name().equals("wq_b") || l.name().equals("wkv_b")) {
                        recomputed.add(gemm);
                    }
                    if (isFfnUp(l)) {
                        activationBytes += activationFunctionBytes(linears, (double) tokens * n);
                    }
                }
            }
            if (l.name().equals("wo")) {
                Attention a = model.attention();
                int kvHeads = a instanceof Attention.MultiHead mh ? mh.kvHeads() : a.heads();
                ops.add(new Op.Attention(plan.microBatch(), a.heads() / t, Math.max(1, kvHeads / t),
                        training.sequenceLength() / plan.context(), training.sequenceLength(), a.qkHeadDim(),
                        a.vHeadDim(), true, false));
            }
        }
        if (activationBytes > 0) {
            Op activation = new Op.Elementwise("activation function", activationBytes);
            ops.add(activation);
            recomputed.add(activation);
        }
        return new Split(ops, expertOps, recomputed);
    }

    /** Forward ops of the output head and loss for one micro-batch (BF16 GEMM, FP32 softmax cross-entropy). */
    public static List<Op> head(ModelShape model, ParallelPlan plan, TrainingShape training) {
        long tokens = plan.tokensPerMicroBatchPerRank(training);
        long vocabShard = Math.max(1, model.vocab() / plan.tensor());
        return List.of(new Op.Gemm(tokens, vocabShard, model.hidden(), Precision.BF16),
                new Op.Elementwise("cross-entropy", (double) tokens * vocabShard * (2 + 4)));
    }

    private static boolean isFfnUp(Linear l) {
        return l.name().equals("w1") || l.name().equals("w3") || l.name().equals("fc1");
    }

    /**
     * BF16 bytes of the activation function per up-projection output of {@code elements}: SwiGLU reads gate and up
     * and writes one (counted half per each of its two inputs); GELU reads one and writes one.
     */
    private static double activationFunctionBytes(List<Linear> linears, double elements) {
        boolean gated = linears.stream().anyMatch(l -> l.name().equals("w3"));
        return 2 * elements * (gated ? 1.5 : 2);
    }
}

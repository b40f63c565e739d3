package org.clustersim.workload;

import java.util.List;
import org.clustersim.workload.Linear.Component;

/**
 * Parameter counts derived from a {@link ModelShape}. The main model and the multi-token-prediction (MTP) modules are
 * counted separately, as DeepSeek publishes them (deepseek-v3.md A.1: 671B main + 14B MTP on Hugging Face).
 *
 * <p><b>Activated</b> parameters are those one token multiplies with: every dense weight, the shared experts, top-k of
 * the routed experts, the routers, the norms and the output head. The input embedding table is <em>not</em> counted in
 * {@link #activatedParams()}: a token reads one row of it and no FLOPs are spent on it, which is also how the
 * training-FLOP convention 6 x N counts. Vendors differ here (Mistral's 12.9B active for Mixtral includes the table),
 * so {@link #activatedParamsWithEmbedding()} gives the other convention.
 *
 * @param totalParams                  main model: embedding tables, layers, final norm, output head (once if tied)
 * @param activatedParams              per token, without the embedding tables
 * @param activatedParamsWithEmbedding per token, counting the embedding tables in full
 * @param embeddingParams              token (and learned position) embedding tables
 * @param outputHeadParams             output head; 0 when tied to the embedding
 * @param attentionParams              all layers' attention projections, their biases and latent norms
 * @param denseFfnParams               dense FFNs (all layers of a dense model; the first layers of an MoE model)
 * @param sharedExpertParams           shared experts of all MoE layers
 * @param routedExpertParams           routed experts of all MoE layers (the part expert parallelism splits)
 * @param routerParams                 routers (gates) of all MoE layers
 * @param normParams                   pre-attention, pre-FFN and final norms (latent norms are in attention)
 * @param mtpParams                    MTP modules, unique parameters (without the embedding and head they share)
 * @param mtpActivatedParams           MTP modules, per token, without the shared embedding and head
 */
public record ParameterCounts(long totalParams, long activatedParams, long activatedParamsWithEmbedding,
        long embeddingParams, long outputHeadParams, long attentionParams, long denseFfnParams,
        long sharedExpertParams, long routedExpertParams, long routerParams, long normParams, long mtpParams,
        long mtpActivatedParams) {

    /** Projections Megatron-LM stores as one fused query-key-value tensor (standard multi-head and GQA attention). */
    private static final java.util.Set<String> FUSED_QKV = java.util.Set.of("wq", "wk", "wv");

    /** Counts the parameters of {@code model}. */
    public static ParameterCounts of(ModelShape model) {
        long attention = 0;
        long dense = 0;
        long shared = 0;
        long routed = 0;
        long router = 0;
        long active = 0;
        int latentNorms = model.attention().innerNormWidth();
        long latentNormParams = model.norm().params(latentNorms);
        for (int layer = 0; layer < model.layers(); layer++) {
            for (Linear l : model.layerLinears(layer)) {
                long p = l.weightParams() + (model.hasBias(l) ? l.biasParams() : 0);
                switch (l.component()) {
                    case ATTENTION -> attention += p;
                    case DENSE_FFN -> dense += p;
                    case SHARED_EXPERTS -> shared += p;
                    case ROUTED_EXPERTS -> routed += p;
                    case ROUTER -> router += p;
                    default -> throw new IllegalStateException("unexpected " + l.component() + " in a layer");
                }
                active += activeParams(model, l);
            }
            attention += latentNormParams;
        }
        long hidden = model.hidden();
        long norms = model.layers() * model.norm().params(2L * hidden) + model.norm().params(hidden);
        active += model.layers() * latentNormParams + norms;
        long headMatrix = model.outputHead().weightParams();
        long head = model.tiedEmbeddings() ? 0 : headMatrix;
        active += headMatrix;
        long embedding = model.embeddingTableParams();
        long total = embedding + head + attention + dense + shared + routed + router + norms;
        long activeWithEmbedding = active + embedding - (model.tiedEmbeddings() ? headMatrix : 0);

        long mtp = 0;
        long mtpActive = 0;
        if (model.mtpDepth() > 0) {
            List<Linear> module = model.mtpLinears();
            long moduleNorms = model.layerNormParams() + model.mtpExtraNormParams();
            long moduleActive = moduleNorms;
            for (Linear l : module) {
                moduleActive += activeParams(model, l);
            }
            mtp = model.mtpDepth() * (model.paramsOf(module) + moduleNorms);
            mtpActive = model.mtpDepth() * moduleActive;
        }
        return new ParameterCounts(total, active, activeWithEmbedding, embedding, head, attention, dense, shared,
                routed, router, norms, mtp, mtpActive);
    }

    private static long activeParams(ModelShape model, Linear l) {
        return l.activeWeightParams() + (model.hasBias(l) ? l.outFeatures() * l.activeInstances() : 0);
    }

    /** Main model plus MTP modules, each parameter once (the shared embedding and head not copied). */
    public long totalWithMtp() {
        return totalParams + mtpParams;
    }

    /** The MTP modules with their own copies of the shared embedding and output head, as stored on Hugging Face. */
    public long mtpParamsWithSharedCopies(ModelShape model) {
        if (model.mtpDepth() == 0) {
            return 0;
        }
        return mtpParams + model.mtpDepth() * ((long) model.vocab() * model.hidden() * 2);
    }

    /** Parameters of main layer {@code layer}, split into routed-expert and all other weights (for placement). */
    public static LayerParams layerParams(ModelShape model, int layer) {
        return split(model, model.layerLinears(layer), model.layerNormParams());
    }

    /** Parameters of one MTP module, split like {@link #layerParams}, without the shared embedding and head. */
    public static LayerParams mtpModuleParams(ModelShape model) {
        return split(model, model.mtpLinears(), model.layerNormParams() + model.mtpExtraNormParams());
    }

    private static LayerParams split(ModelShape model, List<Linear> linears, long norms) {
        long expert = 0;
        long other = norms;
        for (Linear l : linears) {
            long p = l.weightParams() + (model.hasBias(l) ? l.biasParams() : 0);
            if (l.component() == Component.ROUTED_EXPERTS) {
                expert += p;
            } else {
                other += p;
            }
        }
        return new LayerParams(other, expert);
    }

    /**
     * The parameter tensors of main layer {@code layer} (or of an MTP module when {@code layer} is past the last)
     * other than the routed experts, as element counts: each weight matrix, each bias vector, and each norm's scale
     * (and shift, for LayerNorm). This is the granularity at which a framework that handles parameters one by one
     * (DeepSpeed's 2021 ZeRO-3) issues its collectives. Query, key and value projections are one tensor, as Megatron-LM
     * (and the Megatron-DeepSpeed GPT that DeepSpeed's ZeRO-3 ran) fuses them into {@code query_key_value}.
     */
    public static long[] layerTensorParams(ModelShape model, int layer) {
        boolean mtp = layer >= model.layers();
        List<Linear> linears = mtp ? model.mtpLinears() : model.layerLinears(layer);
        java.util.ArrayList<Long> tensors = new java.util.ArrayList<>();
        long qkvWeight = 0;
        long qkvBias = 0;
        for (Linear l : linears) {
            if (l.component() == Component.ROUTED_EXPERTS) {
                continue;
            }
            boolean bias = model.hasBias(l);
            if (FUSED_QKV.contains(l.name())) {
                qkvWeight += l.weightParams();
                qkvBias += bias ? l.biasParams() : 0;
                continue;
            }
            tensors.add(l.weightParams());
            if (bias) {
                tensors.add(l.biasParams());
            }
        }
        if (qkvWeight > 0) {
            tensors.add(qkvWeight);
        }
        if (qkvBias > 0) {
            tensors.add(qkvBias);
        }
        int perChannel = (int) model.norm().params(1);
        int hiddenNorms = mtp ? 5 : 2; // two pre-norms; an MTP module adds enorm, hnorm and its final norm
        for (int i = 0; i < hiddenNorms * perChannel; i++) {
            tensors.add((long) model.hidden());
        }
        int latent = model.attention().innerNormWidth();
        for (int i = 0; latent > 0 && i < perChannel; i++) {
            tensors.add((long) latent);
        }
        return tensors.stream().mapToLong(Long::longValue).toArray();
    }

    /** One layer's parameters: those every expert-parallel rank holds, and the routed experts EP divides. */
    public record LayerParams(long nonExpertParams, long routedExpertParams) {

        public long total() {
            return nonExpertParams + routedExpertParams;
        }
    }
}

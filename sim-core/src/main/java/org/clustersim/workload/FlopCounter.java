package org.clustersim.workload;

import org.clustersim.workload.Linear.Component;

/**
 * Training FLOPs per token of a {@link ModelShape} at a sequence length, derived from its {@link Linear}s.
 *
 * <p>What is counted (two FLOPs per multiply-add):
 * <ul>
 * <li><b>GEMMs</b>: every linear a token passes through (attention projections, dense FFN, shared experts, top-k
 * routed experts, routers, MTP's eh_proj), 2 x in x out per token forward. Biases, norms, activation functions,
 * softmax, residual adds, top-k selection and the optimizer are not counted (they are memory-bound and appear in the
 * compute model as bytes).</li>
 * <li><b>Output head</b>: 2 x hidden x vocab per token forward, for the main model and once per MTP module.</li>
 * <li><b>Attention score and context</b>: 2 x heads x (qkHeadDim + vHeadDim) x keys per query token forward, with
 * keys = sequence length (non-causal) or half of it (causal: the FlashAttention and Megatron convention).</li>
 * <li><b>Not counted</b>: the embedding lookup (a gather, no FLOPs).</li>
 * </ul>
 * Training = 3 x forward: the backward pass computes input gradients and weight gradients, each as costly as the
 * forward GEMM; attention's backward is taken as twice its forward likewise. Recomputation adds forward work on top
 * ({@link FlopsPerToken#recomputeFlopsPerToken}): this "hardware FLOPs" figure is what Megatron SC'21 reports
 * (F = 96·B·s·l·h²·(1 + s/6h + V/16lh), full recompute, non-causal; calibration-megatron-a100.md D.3), while
 * DeepSeek's ISCA'25 Table 4 TFLOPS count the main model without recompute and without MTP (deepseek-v3.md A.6).
 */
public final class FlopCounter {

    private FlopCounter() {
    }

    /** Per-token FLOP terms of {@code model} at {@code sequenceLength}. */
    public static FlopsPerToken perToken(ModelShape model, int sequenceLength) {
        if (sequenceLength <= 0) {
            throw new WorkloadError("sequenceLength", "sequence length must be >= 1, not " + sequenceLength,
                    "pass e.g. --seq 4096");
        }
        double gemm = 0;
        double upProjections = 0;
        for (int layer = 0; layer < model.layers(); layer++) {
            for (Linear l : model.layerLinears(layer)) {
                gemm += l.forwardFlopsPerToken();
                if (l.latentUpProjection()) {
                    upProjections += l.forwardFlopsPerToken();
                }
            }
        }
        double attention = model.layers() * model.attention().scoreAndContextFlopsPerToken(sequenceLength);
        double head = model.outputHead().forwardFlopsPerToken();
        double mtpGemm = 0;
        double mtpAttention = 0;
        if (model.mtpDepth() > 0) {
            double module = head;
            for (Linear l : model.mtpLinears()) {
                module += l.forwardFlopsPerToken();
            }
            mtpGemm = model.mtpDepth() * module;
            mtpAttention = model.mtpDepth() * model.attention().scoreAndContextFlopsPerToken(sequenceLength);
        }
        return new FlopsPerToken(sequenceLength, gemm, head, attention, upProjections, mtpGemm, mtpAttention);
    }

    /** Forward GEMM FLOPs per token of one component over all main layers (for breakdowns). */
    public static double forwardGemmFlopsPerToken(ModelShape model, Component component) {
        double sum = 0;
        for (int layer = 0; layer < model.layers(); layer++) {
            for (Linear l : model.layerLinears(layer)) {
                if (l.component() == component) {
                    sum += l.forwardFlopsPerToken();
                }
            }
        }
        return sum;
    }

    /**
     * Per-token FLOP terms, all forward-pass values; the training figures are derived.
     *
     * @param layerGemmForward            GEMMs of the main model's transformer layers
     * @param headForward                 the main model's output head
     * @param attentionForwardNonCausal   score and context products of all main layers, every key visible
     * @param latentUpProjectionForward   MLA up-projection GEMMs (part of layerGemmForward), which selective
     *                                    recomputation runs again
     * @param mtpGemmForward              MTP modules: eh_proj, layer GEMMs and their use of the output head
     * @param mtpAttentionForwardNonCausal MTP modules' score and context products
     */
    public record FlopsPerToken(int sequenceLength, double layerGemmForward, double headForward,
            double attentionForwardNonCausal, double latentUpProjectionForward, double mtpGemmForward,
            double mtpAttentionForwardNonCausal) {

        /** Attention score and context FLOPs of the main model, forward. */
        public double attentionForward(boolean causal) {
            return causal ? attentionForwardNonCausal / 2 : attentionForwardNonCausal;
        }

        /** Forward FLOPs of the main model. */
        public double forwardFlopsPerToken(boolean causal) {
            return layerGemmForward + headForward + attentionForward(causal);
        }

        /** Training FLOPs per token of the main model (3 x forward), without recomputation or MTP. */
        public double trainingFlopsPerToken(boolean causal) {
            return 3 * forwardFlopsPerToken(causal);
        }

        /** Training FLOPs per token of the MTP modules alone (3 x forward). */
        public double mtpTrainingFlopsPerToken(boolean causal) {
            return 3 * (mtpGemmForward + (causal ? mtpAttentionForwardNonCausal / 2 : mtpAttentionForwardNonCausal));
        }

        /**
         * Extra forward work of recomputation in the main model's layers: none; MLA up-projections (selective); or
         * the layers' whole forward pass (full). The output head is never recomputed (its logits are consumed at
         * once by the loss, as in Megatron, which is why SC'21's vocabulary term is V/16lh rather than V/12lh).
         */
        public double recomputeFlopsPerToken(Recompute recompute, boolean causal) {
            return switch (recompute) {
                case NONE -> 0;
                case SELECTIVE -> latentUpProjectionForward;
                case FULL -> layerGemmForward + attentionForward(causal);
            };
        }

        /** Training plus recomputation: the work the GPUs actually do for the main model ("hardware FLOPs"). */
        public double hardwareFlopsPerToken(Recompute recompute, boolean causal) {
            return trainingFlopsPerToken(causal) + recomputeFlopsPerToken(recompute, causal);
        }
    }
}

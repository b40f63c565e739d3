package org.clustersim.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.clustersim.workload.Linear.Component;

/**
 * A decoder-only transformer described by its shapes. Parameter counts ({@link ParameterCounts}), FLOP counts
 * ({@link FlopCounter}) and GEMM ops all derive from the {@link Linear}s listed here, so they cannot disagree.
 *
 * <p>Layout per layer: pre-attention norm, attention, pre-FFN norm, FFN (dense or MoE). Then a final norm and the
 * output head. A multi-token-prediction module (DeepSeek-V3 §2.2; README_WEIGHTS.md) is: two norms (of the hidden
 * state and of the next token's embedding), a projection {@code eh_proj} from 2 x hidden to hidden, one transformer
 * layer of the MoE kind, its own final norm, and the embedding and output head shared with the main model.
 *
 * @param learnedPositions rows of a learned position-embedding table (GPT-2/3, Megatron: the sequence length); 0 for
 *                         rotary embeddings, which have no parameters
 * @param linearBias       linear layers carry biases (GPT-2/3, Megatron's GPT); Llama, Mixtral and DeepSeek have none
 * @param mtpDepth         number of multi-token-prediction modules (DeepSeek-V3: 1)
 */
public record ModelShape(String id, String name, int layers, int hidden, Attention attention, FeedForward feedForward,
        int vocab, boolean tiedEmbeddings, int learnedPositions, boolean linearBias, Norm norm, int mtpDepth) {

    /** Normalisation layers: LayerNorm has a scale and a shift per channel, RMSNorm a scale only. */
    public enum Norm {
        LAYER_NORM(2), RMS_NORM(1);

        private final int paramsPerChannel;

        Norm(int paramsPerChannel) {
            this.paramsPerChannel = paramsPerChannel;
        }

        public long params(long width) {
            return paramsPerChannel * width;
        }
    }

    public ModelShape {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(feedForward, "feedForward");
        Objects.requireNonNull(norm, "norm");
        if (layers <= 0) {
            throw new WorkloadError("layers", "a model needs at least one layer, not " + layers, "set layers >= 1");
        }
        if (hidden <= 0) {
            throw new WorkloadError("hidden", "hidden must be >= 1, not " + hidden, "set the model width");
        }
        if (vocab <= 0) {
            throw new WorkloadError("vocab", "vocab must be >= 1, not " + vocab, "set the vocabulary size");
        }
        if (learnedPositions < 0) {
            throw new WorkloadError("learnedPositions", "learnedPositions must be >= 0", "use 0 for rotary positions");
        }
        if (mtpDepth < 0) {
            throw new WorkloadError("mtpDepth", "mtpDepth must be >= 0", "use 0 for no multi-token prediction");
        }
        if (feedForward instanceof FeedForward.MixtureOfExperts moe && moe.denseLayers() > layers) {
            throw new WorkloadError("moe.denseLayers", "denseLayers " + moe.denseLayers() + " exceeds layers " + layers,
                    "use at most " + layers);
        }
    }

    public boolean isMoe() {
        return feedForward instanceof FeedForward.MixtureOfExperts;
    }

    /** The MoE shapes, or null for a dense model. */
    public FeedForward.MixtureOfExperts moe() {
        return feedForward instanceof FeedForward.MixtureOfExperts m ? m : null;
    }

    /** The weight matrices of main layer {@code layer} (0-based): attention, then the FFN or MoE. */
    public List<Linear> layerLinears(int layer) {
        if (layer < 0 || layer >= layers) {
            throw new IndexOutOfBoundsException("layer " + layer + " of " + layers);
        }
        return withFfn(layer);
    }

    /**
     * The weight matrices of one MTP module: {@code eh_proj} and a transformer layer. Its layer index follows the main
     * layers, so in an MoE model it has experts (DeepSeek-V3's module is {@code model.layers.61}).
     */
    public List<Linear> mtpLinears() {
        List<Linear> out = new ArrayList<>();
        out.add(Linear.of("eh_proj", Component.MTP_PROJECTION, 2L * hidden, hidden));
        out.addAll(withFfn(layers));
        return List.copyOf(out);
    }

    private List<Linear> withFfn(int layer) {
        List<Linear> out = new ArrayList<>(attention.linears(hidden));
        out.addAll(feedForward.linears(hidden, layer));
        return List.copyOf(out);
    }

    /** True if main layer {@code layer} (or an MTP module, at index {@code layers}) routes tokens to experts. */
    public boolean isMoeLayer(int layer) {
        return feedForward.isMoeLayer(layer);
    }

    /** The output head: hidden to vocabulary logits. When embeddings are tied it reuses the embedding table. */
    public Linear outputHead() {
        return Linear.of("head", Component.OUTPUT_HEAD, hidden, vocab);
    }

    /** Token embedding table plus learned position table. */
    public long embeddingTableParams() {
        return (long) vocab * hidden + (long) learnedPositions * hidden;
    }

    /** Normalisation parameters of one transformer layer (two pre-norms plus MLA's latent norms). */
    public long layerNormParams() {
        return norm.params(2L * hidden + attention.innerNormWidth());
    }

    /** Normalisation parameters of one MTP module beyond its transformer layer: enorm, hnorm and its final norm. */
    public long mtpExtraNormParams() {
        return norm.params(3L * hidden);
    }

    /**
     * Whether a linear carries a bias: when the model has biases, every projection does except the router and the
     * output head (Megatron's GPT and GPT-3 have no bias on the logits).
     */
    public boolean hasBias(Linear l) {
        return linearBias && l.component() != Component.ROUTER && l.component() != Component.OUTPUT_HEAD;
    }

    /** Parameters (weights and biases) of the given linears; norms are counted separately. */
    public long paramsOf(List<Linear> linears) {
        long sum = 0;
        for (Linear l : linears) {
            sum += l.weightParams() + (hasBias(l) ? l.biasParams() : 0);
        }
        return sum;
    }
}

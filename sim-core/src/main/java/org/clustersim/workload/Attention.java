package org.clustersim.workload;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.workload.Linear.Component;

/** The attention of one transformer layer: standard multi-head (MHA or GQA) or DeepSeek's multi-head latent (MLA). */
public sealed interface Attention permits Attention.MultiHead, Attention.Latent {

    /** MHA, GQA or MLA. */
    enum Kind { MHA, GQA, MLA }

    Kind kind();

    /** Query heads. */
    int heads();

    /** Per-head width of queries and keys (the score dot product). */
    int qkHeadDim();

    /** Per-head width of values (the context product). */
    int vHeadDim();

    /** The weight matrices of one layer's attention, for a model of the given hidden size. */
    List<Linear> linears(int hidden);

    /** Widths of the normalisations inside attention (MLA normalises its latents); not the pre-attention norm. */
    int innerNormWidth();

    /**
     * Forward FLOPs per query token of the score (QK^T) and context (AV) products against {@code keys} keys: two FLOPs
     * per multiply-add, for every query head.
     */
    default double scoreAndContextFlopsPerToken(double keys) {
        return 2.0 * heads() * (qkHeadDim() + vHeadDim()) * keys;
    }

    /**
     * Standard attention: MHA when {@code kvHeads == heads}, grouped-query (GQA) when fewer key/value heads are shared
     * by groups of query heads.
     */
    record MultiHead(int heads, int kvHeads, int headDim) implements Attention {

        public MultiHead {
            if (heads <= 0) {
                throw new WorkloadError("heads", "attention needs at least one head, not " + heads, "set heads >= 1");
            }
            if (kvHeads <= 0 || kvHeads > heads || heads % kvHeads != 0) {
                throw new WorkloadError("kvHeads", "kvHeads " + kvHeads + " must divide heads " + heads,
                        "use a divisor of " + heads + " (GQA groups query heads evenly), or " + heads + " for MHA");
            }
            if (headDim <= 0) {
                throw new WorkloadError("headDim", "headDim must be >= 1, not " + headDim, "set headDim");
            }
        }

        @Override
        public Kind kind() {
            return kvHeads == heads ? Kind.MHA : Kind.GQA;
        }

        @Override
        public int qkHeadDim() {
            return headDim;
        }

        @Override
        public int vHeadDim() {
            return headDim;
        }

        @Override
        public List<Linear> linears(int hidden) {
            long q = (long) heads * headDim;
            long kv = (long) kvHeads * headDim;
            return List.of(Linear.of("wq", Component.ATTENTION, hidden, q), Linear.of("wk", Component.ATTENTION,
                    hidden, kv), Linear.of("wv", Component.ATTENTION, hidden, kv),
                    Linear.of("wo", Component.ATTENTION, q, hidden));
        }

        @Override
        public int innerNormWidth() {
            return 0;
        }
    }

    /**
     * Multi-head latent attention (DeepSeek-V2/V3): queries optionally through a compressed latent of width
     * {@code qLoraRank} (0 = a direct projection), keys and values through a shared latent of width {@code kvLoraRank}
     * plus a decoupled rotary key of width {@code qkRopeHeadDim}. Layout as in deepseek-ai/DeepSeek-V3
     * {@code inference/model.py} (wq_a, wq_b, wkv_a, wkv_b, wo and the q/kv latent norms).
     */
    record Latent(int heads, int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim)
            implements Attention {

        public Latent {
            if (heads <= 0) {
                throw new WorkloadError("heads", "attention needs at least one head, not " + heads, "set heads >= 1");
            }
            if (qLoraRank < 0) {
                throw new WorkloadError("mla.qLoraRank", "qLoraRank must be >= 0", "use 0 for no query compression");
            }
            if (kvLoraRank <= 0) {
                throw new WorkloadError("mla.kvLoraRank", "kvLoraRank must be >= 1", "DeepSeek-V3 uses 512");
            }
            if (qkNopeHeadDim <= 0 || qkRopeHeadDim < 0 || vHeadDim <= 0) {
                throw new WorkloadError("mla", "MLA head dims must be positive (rope may be 0)",
                        "DeepSeek-V3 uses qkNopeHeadDim 128, qkRopeHeadDim 64, vHeadDim 128");
            }
        }

        @Override
        public Kind kind() {
            return Kind.MLA;
        }

        @Override
        public int qkHeadDim() {
            return qkNopeHeadDim + qkRopeHeadDim;
        }

        @Override
        public List<Linear> linears(int hidden) {
            List<Linear> out = new ArrayList<>();
            long qWidth = (long) heads * qkHeadDim();
            if (qLoraRank > 0) {
                out.add(Linear.of("wq_a", Component.ATTENTION, hidden, qLoraRank));
                out.add(new Linear("wq_b", Component.ATTENTION, qLoraRank, qWidth, 1, 1, true));
            } else {
                out.add(Linear.of("wq", Component.ATTENTION, hidden, qWidth));
            }
            out.add(Linear.of("wkv_a", Component.ATTENTION, hidden, (long) kvLoraRank + qkRopeHeadDim));
            out.add(new Linear("wkv_b", Component.ATTENTION, kvLoraRank, (long) heads * (qkNopeHeadDim + vHeadDim), 1,
                    1, true));
            out.add(Linear.of("wo", Component.ATTENTION, (long) heads * vHeadDim, hidden));
            return List.copyOf(out);
        }

        @Override
        public int innerNormWidth() {
            return qLoraRank + kvLoraRank;
        }
    }
}

package org.clustersim.workload;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.workload.Linear.Component;

/** The feed-forward part of the transformer layers: one dense FFN everywhere, or a mixture of experts. */
public sealed interface FeedForward permits FeedForward.Dense, FeedForward.MixtureOfExperts {

    /** The weight matrices of layer {@code layer}'s feed-forward part. */
    List<Linear> linears(int hidden, int layer);

    /** True if layer {@code layer} routes tokens to experts. */
    boolean isMoeLayer(int layer);

    /**
     * A dense FFN. Gated (SwiGLU: gate and up projections, then down; three matrices) or plain (GELU: two matrices).
     */
    record Dense(int ffnHidden, boolean gated) implements FeedForward {

        public Dense {
            if (ffnHidden <= 0) {
                throw new WorkloadError("ffnHidden", "ffnHidden must be >= 1, not " + ffnHidden,
                        "set the FFN intermediate size, e.g. 4 x hidden for GPT-style models");
            }
        }

        @Override
        public List<Linear> linears(int hidden, int layer) {
            return ffn(Component.DENSE_FFN, hidden, ffnHidden, gated, 1, 1);
        }

        @Override
        public boolean isMoeLayer(int layer) {
            return false;
        }
    }

    /**
     * Mixture of experts (DeepSeekMoE / Mixtral): the first {@code denseLayers} layers keep a dense FFN of width
     * {@code denseFfnHidden}; every other layer has a router, {@code sharedExperts} always-on experts and
     * {@code routedExperts} experts of which each token uses {@code activeExperts} (top-k), all of width
     * {@code expertFfnHidden}. {@code nodeLimit} (0 = none) is DeepSeek's M: a token's experts lie on at most M nodes
     * (or, for DeepSeek-V2, devices) out of {@code expertGroups} groups.
     */
    record MixtureOfExperts(int denseLayers, int denseFfnHidden, int routedExperts, int sharedExperts,
            int activeExperts, int expertFfnHidden, boolean gated, int nodeLimit, int expertGroups)
            implements FeedForward {

        public MixtureOfExperts {
            if (routedExperts <= 0) {
                throw new WorkloadError("moe.routedExperts", "an MoE model needs routed experts", "set routedExperts");
            }
            if (activeExperts <= 0 || activeExperts > routedExperts) {
                throw new WorkloadError("moe.activeExperts", "activeExperts " + activeExperts
                        + " must be between 1 and routedExperts " + routedExperts, "DeepSeek-V3 uses 8 of 256");
            }
            if (sharedExperts < 0) {
                throw new WorkloadError("moe.sharedExperts", "sharedExperts must be >= 0", "use 0 for none");
            }
            if (expertFfnHidden <= 0) {
                throw new WorkloadError("moe.expertFfnHidden", "expertFfnHidden must be >= 1", "DeepSeek-V3 uses 2048");
            }
            if (denseLayers < 0) {
                throw new WorkloadError("moe.denseLayers", "denseLayers must be >= 0", "use 0 for none");
            }
            if (denseLayers > 0 && denseFfnHidden <= 0) {
                throw new WorkloadError("ffnHidden", "the " + denseLayers + " dense layers need ffnHidden",
                        "set ffnHidden (DeepSeek-V3: 18432)");
            }
            if (expertGroups <= 0 || routedExperts % expertGroups != 0) {
                throw new WorkloadError("moe.expertGroups", "expertGroups " + expertGroups
                        + " must divide routedExperts " + routedExperts,
                        "use a divisor of " + routedExperts + " (DeepSeek-V3: 8 groups of 32)");
            }
            if (nodeLimit < 0 || nodeLimit > expertGroups) {
                throw new WorkloadError("moe.nodeLimit", "nodeLimit " + nodeLimit
                        + " must be between 1 and expertGroups " + expertGroups,
                        "DeepSeek-V3 sends each token to at most 4 of 8 groups");
            }
        }

        @Override
        public List<Linear> linears(int hidden, int layer) {
            if (!isMoeLayer(layer)) {
                return ffn(Component.DENSE_FFN, hidden, denseFfnHidden, gated, 1, 1);
            }
            List<Linear> out = new ArrayList<>();
            out.add(Linear.of("gate", Component.ROUTER, hidden, routedExperts));
            if (sharedExperts > 0) {
                out.addAll(ffn(Component.SHARED_EXPERTS, hidden, expertFfnHidden, gated, sharedExperts, sharedExperts));
            }
            out.addAll(ffn(Component.ROUTED_EXPERTS, hidden, expertFfnHidden, gated, routedExperts, activeExperts));
            return List.copyOf(out);
        }

        @Override
        public boolean isMoeLayer(int layer) {
            return layer >= denseLayers;
        }
    }

    private static List<Linear> ffn(Component component, long hidden, long width, boolean gated, int instances,
            int active) {
        if (gated) {
            return List.of(new Linear("w1", component, hidden, width, instances, active, false),
                    new Linear("w3", component, hidden, width, instances, active, false),
                    new Linear("w2", component, width, hidden, instances, active, false));
        }
        return List.of(new Linear("fc1", component, hidden, width, instances, active, false),
                new Linear("fc2", component, width, hidden, instances, active, false));
    }
}

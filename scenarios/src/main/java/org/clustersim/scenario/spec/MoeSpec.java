package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;

@Doc("Mixture-of-experts shapes.")
public record MoeSpec(
        @Range(min = 1, max = 100_000) @Doc("Routed experts per MoE layer (V3: 256).") Integer routedExperts,
        @Range(min = 0, max = 1_000) @Doc("Shared experts per MoE layer (V3: 1).") Integer sharedExperts,
        @Range(min = 1, max = 1_000) @Doc("Routed experts activated per token, top-k (V3: 8).") Integer activeExperts,
        @Range(min = 1, max = 10_000_000) @Doc("FFN intermediate size of one expert (V3: 2048).") Integer expertFfnHidden,
        @Range(min = 0, max = 10_000) @Doc("Leading layers with a dense FFN instead of MoE (V3: 3).") Integer denseLayers,
        @Range(min = 1, max = 100_000) @Doc("Each token goes to experts on at most this many nodes (V3: M = 4).")
        Integer nodeLimit,
        @Range(min = 1, max = 100_000) @Doc("Expert groups for node-limited routing (V3: 8).") Integer expertGroups) {
}

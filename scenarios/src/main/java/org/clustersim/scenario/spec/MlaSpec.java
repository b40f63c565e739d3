package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;

@Doc("Multi-head latent attention ranks (DeepSeek-V2/V3).")
public record MlaSpec(
        @Range(min = 0, max = 1_000_000) @Doc("Query compression rank d'_c (V3: 1536; 0 = no query compression).")
        Integer qLoraRank,
        @Range(min = 1, max = 1_000_000) @Doc("Key/value compression rank d_c (V3: 512).") Integer kvLoraRank,
        @Range(min = 1, max = 10_000) @Doc("Non-rotary query/key head dim (V3: 128).") Integer qkNopeHeadDim,
        @Range(min = 0, max = 10_000) @Doc("Decoupled rotary head dim d_h^R (V3: 64).") Integer qkRopeHeadDim,
        @Range(min = 1, max = 10_000) @Doc("Value head dim (V3: 128).") Integer vHeadDim) {
}

package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.ScalarForm;

@ScalarForm("preset")
@Doc("A transformer described by its shapes; parameter and FLOP counts are derived from them.")
public record ModelSpec(
        @Doc("Preset id to start from: deepseek-v3, deepseek-v2, llama3-405b, llama3-70b, llama3-8b, gpt3-175b, "
                + "mixtral-8x7b.") String preset,
        @Doc("Display name.") String name,
        @Range(min = 1, max = 10_000) @Doc("Transformer layers.") Integer layers,
        @Range(min = 1, max = 1_000_000) @Doc("Hidden size d.") Integer hidden,
        @Range(min = 1, max = 10_000) @Doc("Attention heads.") Integer heads,
        @Range(min = 1, max = 10_000) @Doc("Key/value heads (GQA); equal to heads for MHA.") Integer kvHeads,
        @Range(min = 1, max = 10_000) @Doc("Per-head dimension (default hidden / heads).") Integer headDim,
        @Range(min = 1, max = 10_000_000) @Doc("FFN intermediate size of dense layers.") Integer ffnHidden,
        @Doc("Gated FFN (SwiGLU: three matrices) rather than plain (two).") Boolean gatedFfn,
        @Range(min = 1, max = 10_000_000) @Doc("Vocabulary size.") Integer vocab,
        @Doc("Input embedding and output head share weights.") Boolean tiedEmbeddings,
        @Doc("mha, gqa or mla (DeepSeek's multi-head latent attention).") Attention attention,
        @Doc("MLA ranks, when attention is mla.") MlaSpec mla,
        @Doc("Mixture-of-experts shapes; absent for dense models.") MoeSpec moe,
        @Range(min = 0, max = 16) @Doc("Multi-token-prediction depth (DeepSeek-V3: 1).") Integer mtpDepth,
        @Doc("Where these numbers come from.") String source,
        @Doc("Normalisation: rmsnorm (default; Llama, DeepSeek, Mixtral) or layernorm (GPT-2/3, Megatron GPT).")
        Norm norm,
        @Doc("Linear layers carry biases (GPT-2/3, Megatron GPT). Default false.") Boolean linearBias,
        @Range(min = 0, max = 100_000_000) @Doc("Rows of a learned position-embedding table (GPT-3: 2048). Default 0 "
                + "(rotary positions have no parameters).") Integer learnedPositions) {

    public enum Attention { MHA, GQA, MLA }

    public enum Norm { LAYERNORM, RMSNORM }
}

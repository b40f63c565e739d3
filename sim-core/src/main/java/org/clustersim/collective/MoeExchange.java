package org.clustersim.collective;

import java.util.Objects;

/**
 * One DeepSeek-style MoE dispatch or combine (DeepSeek-V3 §3.2.2; DeepEP, deepseek-v3.md A.8). Dispatch sends each
 * token over IB once to every node that holds one of its experts, to the GPU on the sender's rail (plane) there, which
 * forwards it over NVLink to each GPU of the node holding a selected expert; tokens for the sender's own node go over
 * NVLink directly. Combine runs the same paths backwards, the rail GPU summing its node's expert outputs before the
 * single IB copy goes home. With {@code deduplicate} off, every (token, expert) pair crosses IB on its own (the
 * ablation of DeepSeek's per-node deduplication).
 *
 * @param groups        expert-parallel groups (all run the exchange at once), each laid out as the histogram says
 * @param histogram     where each rank's tokens go
 * @param bytesPerToken {@link #fp8DispatchBytesPerToken(int)} for dispatch, {@link #bf16CombineBytesPerToken(int)}
 *                      for combine
 */
public record MoeExchange(CollectiveKind kind, RankGroups groups, ExpertHistogram histogram, double bytesPerToken,
                          boolean deduplicate) {

    public MoeExchange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(histogram, "histogram");
        if (kind != CollectiveKind.MOE_DISPATCH && kind != CollectiveKind.MOE_COMBINE) {
            throw new IllegalArgumentException("an MoE exchange is moe-dispatch or moe-combine, not " + kind.spelling());
        }
        if (groups.size() != histogram.ranks()) {
            throw new IllegalArgumentException("groups of " + groups.size() + " ranks, histogram of "
                    + histogram.ranks());
        }
        if (!(bytesPerToken > 0) || Double.isInfinite(bytesPerToken)) {
            throw new IllegalArgumentException("bytes per token must be > 0: " + bytesPerToken);
        }
    }

    /**
     * FP8 dispatch: one byte per element plus a 4-byte FP32 scale per 128 elements, hidden x (1 + 4/128) bytes
     * (DeepSeek-V3 §3.3: 1x128 activation tiles; DeepEP's test counts FP8 as hidden x 2 x (1 + 4/128) / 2,
     * deepseek-v3.md A.8).
     */
    public static double fp8DispatchBytesPerToken(int hidden) {
        return hidden * (1 + 4.0 / 128);
    }

    /** BF16 combine: two bytes per element (deepseek-v3.md A.2: "dispatch in FP8, combine in BF16"). */
    public static double bf16CombineBytesPerToken(int hidden) {
        return hidden * 2.0;
    }

    public static MoeExchange dispatch(RankGroups groups, ExpertHistogram histogram, int hidden) {
        return new MoeExchange(CollectiveKind.MOE_DISPATCH, groups, histogram, fp8DispatchBytesPerToken(hidden), true);
    }

    public static MoeExchange combine(RankGroups groups, ExpertHistogram histogram, int hidden) {
        return new MoeExchange(CollectiveKind.MOE_COMBINE, groups, histogram, bf16CombineBytesPerToken(hidden), true);
    }

    public MoeExchange withDeduplicate(boolean value) {
        return new MoeExchange(kind, groups, histogram, bytesPerToken, value);
    }
}

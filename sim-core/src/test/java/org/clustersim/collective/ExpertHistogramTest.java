package org.clustersim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.clustersim.engine.RandomStreams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExpertHistogramTest {

    @Test
    void deepSeekV3ExpectedNodesPerToken() {
        // 256 experts on 8 nodes (32 per node), top-8 within at most 4 nodes (deepseek-v3.md A.1)
        ExpertHistogram h = ExpertHistogram.balanced(64, 8, 4, 4096, 8, 4);
        double missAPickedNode = 1;
        for (int i = 0; i < 8; i++) {
            missAPickedNode *= (96.0 - i) / (128 - i);
        }
        double expected = 4 * (1 - missAPickedNode);
        System.out.printf("DeepSeek-V3 routing: %.4f nodes per token (P(a picked node gets nothing) = %.4f)%n",
                h.meanNodesPerToken(), missAPickedNode);
        assertThat(h.meanNodesPerToken()).isCloseTo(expected, offset(1e-12)).isBetween(3.6, 3.65);
        // each token reaches 8 (token, expert) pairs
        double pairs = 0;
        for (int d = 0; d < 64; d++) {
            pairs += h.tokensToExperts(0, d);
        }
        assertThat(pairs).isCloseTo(8 * 4096, offset(1e-6));
    }

    /** The closed-form expectations agree with sampled routing (seeded). */
    @ParameterizedTest
    @CsvSource({"64, 8, 4, 8, 4, 1", "64, 8, 4, 8, 8, 2", "32, 8, 2, 6, 2, 3", "16, 4, 1, 2, 4, 4"})
    void balancedIsTheExpectationOfSampled(int ranks, int perNode, int expertsPerRank, int topK, int nodeLimit,
            long seed) {
        int tokens = 2048;
        ExpertHistogram expected = ExpertHistogram.balanced(ranks, perNode, expertsPerRank, tokens, topK, nodeLimit);
        ExpertHistogram sampled = ExpertHistogram.sampled(ranks, perNode, expertsPerRank, tokens, topK, nodeLimit,
                new RandomStreams(seed).stream("expert-load"));
        System.out.printf("%d ranks, top-%d, M=%d: nodes per token %.4f expected, %.4f sampled; rank pairs %.1f vs "
                        + "%.1f%n", ranks, topK, nodeLimit, expected.meanNodesPerToken(), sampled.meanNodesPerToken(),
                expected.meanRankPairsPerRank(), sampled.meanRankPairsPerRank());
        // means over ranks x tokens samples: standard error well under 0.5%
        assertThat(sampled.meanNodesPerToken()).isCloseTo(expected.meanNodesPerToken(),
                offset(0.01 * expected.meanNodesPerToken()));
        assertThat(sampled.meanRankPairsPerRank()).isCloseTo(expected.meanRankPairsPerRank(),
                offset(0.01 * expected.meanRankPairsPerRank()));
        for (int s = 0; s < ranks; s += 7) {
            double sum = 0;
            for (int d = 0; d < ranks; d++) {
                sum += sampled.tokensToExperts(s, d);
            }
            assertThat(sum).isEqualTo((double) tokens * topK);
        }
    }

    @Test
    void builderDeduplicatesPerNodeAndPerRank() {
        ExpertHistogram h = ExpertHistogram.builder(4, 2, 2, 1)
                .addToken(0, new int[] {0, 1, 2, 7}) // experts 0,1 on rank 0; 2 on rank 1; 7 on rank 3 (node 1)
                .build();
        assertThat(h.tokensToNode(0, 0)).isEqualTo(1);
        assertThat(h.tokensToNode(0, 1)).isEqualTo(1);
        assertThat(h.tokensToRank(0, 0)).isEqualTo(1);
        assertThat(h.tokensToRank(0, 1)).isEqualTo(1);
        assertThat(h.tokensToRank(0, 2)).isZero();
        assertThat(h.tokensToExperts(0, 0)).isEqualTo(2);
        assertThat(h.meanNodePairsPerRank()).isEqualTo(2.0 / 4);
    }
}

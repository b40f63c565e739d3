package org.clustersim.step;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.engine.RandomStream;

/**
 * Uneven expert load, turned into what the step simulator needs: how many times its balanced share of tokens the
 * busiest rank of an expert-parallel group receives. The busiest rank sets the pace of the group's all-to-all and
 * its expert GEMMs.
 */
public final class ExpertLoad {

    private ExpertLoad() {
    }

    /**
     * Busiest-rank factor of a token-per-expert histogram with experts placed round-robin in blocks of
     * experts / ranks consecutive experts per rank (DeepSeek: 4 per GPU, A.3).
     */
    public static double busiestRankFactor(double[] tokensPerExpert, int ranks) {
        if (ranks < 1 || tokensPerExpert.length % ranks != 0) {
            throw new IllegalArgumentException("experts (" + tokensPerExpert.length + ") must divide over " + ranks
                    + " ranks");
        }
        int perRank = tokensPerExpert.length / ranks;
        double total = 0;
        double busiest = 0;
        for (int r = 0; r < ranks; r++) {
            double sum = 0;
            for (int e = r * perRank; e < (r + 1) * perRank; e++) {
                sum += tokensPerExpert[e];
            }
            total += sum;
            busiest = Math.max(busiest, sum);
        }
        return total == 0 ? 1.0 : busiest / (total / ranks);
    }

    /**
     * A seeded skewed histogram: each expert's share drawn from a log-normal with the given sigma (0 = balanced),
     * from the named stream "expert-load" so other knobs do not change it.
     */
    public static double[] skewedHistogram(int experts, double sigma, RandomStream stream) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("skew must be >= 0");
        }
        double[] h = new double[experts];
        for (int e = 0; e < experts; e++) {
            h[e] = sigma == 0 ? 1 : Math.exp(sigma * stream.nextGaussian());
        }
        return h;
    }

    /** One busiest-rank factor per group, each from its own draw ({@code perGroup}) or one shared by all. */
    public static List<Double> groupFactors(int groups, int experts, int ranks, double sigma, boolean perGroup,
                                            RandomStream stream) {
        List<Double> out = new ArrayList<>();
        double shared = busiestRankFactor(skewedHistogram(experts, sigma, stream), ranks);
        for (int g = 0; g < groups; g++) {
            out.add(perGroup && g > 0 ? busiestRankFactor(skewedHistogram(experts, sigma, stream), ranks) : shared);
        }
        return perGroup ? out : List.of(shared);
    }
}

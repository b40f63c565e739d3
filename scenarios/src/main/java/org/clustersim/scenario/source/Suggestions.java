package org.clustersim.scenario.source;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?" by edit distance, for unknown keys, presets and enum values. */
public final class Suggestions {

    private Suggestions() {
    }

    /** The closest candidate within a distance that still looks like a typo, or null. */
    public static String closest(String input, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String needle = input.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            // Ties go to the candidate of the same length: 'nodez' is a typo of 'nodes' more than of 'node'.
            int score = 2 * distance(needle, candidate.toLowerCase(Locale.ROOT))
                    + (candidate.length() == input.length() ? 0 : 1);
            if (score < bestDistance) {
                bestDistance = score;
                best = candidate;
            }
        }
        int allowed = Math.max(2, input.length() / 3);
        return bestDistance / 2 <= allowed ? best : null;
    }

    /**
     * A hint: "did you mean 'x'?" when one candidate is close, "did you mean 'x' or 'y'?" when two are equally close,
     * else the list of valid choices.
     */
    public static String hint(String input, Collection<String> candidates) {
        String closest = closest(input, candidates);
        String all = "valid: " + String.join(", ", candidates);
        if (closest == null) {
            return all;
        }
        int best = distance(input.toLowerCase(Locale.ROOT), closest.toLowerCase(Locale.ROOT));
        String runnerUp = null;
        for (String candidate : candidates) {
            if (!candidate.equals(closest)
                    && distance(input.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT)) == best) {
                runnerUp = candidate;
                break;
            }
        }
        String guess = runnerUp == null ? "'" + closest + "'" : "'" + closest + "' or '" + runnerUp + "'";
        return "did you mean " + guess + "? (" + all + ")";
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transposition). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

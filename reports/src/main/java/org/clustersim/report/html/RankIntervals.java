package org.clustersim.report.html;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One pipeline rank's step as the timeline chart draws it, from {@code step.timeline.pipelineRanks[i]}: every moment
 * of [0, end) on the compute stream is exactly one of forward, backward, weight gradient, optimizer (its compute
 * spans), communication the compute waits for (no compute, a communication stream busy) or bubble (nothing); plus the
 * union of its communication streams' busy time, drawn as a strip.
 */
record RankIntervals(List<Interval> intervals) {

    /** [startNs, endNs) of one category. */
    record Interval(String category, long startNs, long endNs) {
        long durationNs() {
            return endNs - startNs;
        }
    }

    static RankIntervals of(JsonNode rank) {
        long end = rank.path("endNs").asLong();
        List<Interval> compute = new ArrayList<>();
        JsonNode c = rank.path("compute");
        for (int i = 0; i < c.path("kind").size(); i++) {
            long s = c.path("startNs").get(i).asLong();
            long e = c.path("endNs").get(i).asLong();
            if (e > s) {
                compute.add(new Interval(category(c.path("kind").get(i).asString()), s, e));
            }
        }
        compute.sort(java.util.Comparator.comparingLong(Interval::startNs));
        List<long[]> comm = new ArrayList<>();
        JsonNode m = rank.path("communication");
        for (int i = 0; i < m.path("kind").size(); i++) {
            long s = m.path("startNs").get(i).asLong();
            long e = m.path("endNs").get(i).asLong();
            if (e > s) {
                comm.add(new long[] {s, e});
            }
        }
        List<long[]> busy = union(comm);
        List<Interval> out = new ArrayList<>(compute);
        // the gaps between compute spans, split into "waits for communication" and bubble
        long t = 0;
        for (Interval iv : compute) {
            if (iv.startNs() > t) {
                gap(out, busy, t, iv.startNs());
            }
            t = Math.max(t, iv.endNs());
        }
        if (end > t) {
            gap(out, busy, t, end);
        }
        for (long[] b : busy) {
            out.add(new Interval(ReportCharts.COMM_STREAM, b[0], b[1]));
        }
        return new RankIntervals(out);
    }

    /** Quantisation of a column's mix: shares are drawn in tenths of the row's height. */
    static final int LEVELS = 10;

    /**
     * A column of a row drawn in columns: [startNs, endNs) and the tenths of it each compute-stream category fills
     * (in {@link #ORDER}), plus whether the communication strip is busy in it.
     */
    record Column(long startNs, long endNs, int[] tenths, boolean busy) {
    }

    static final List<String> ORDER = List.of(ReportCharts.FORWARD, ReportCharts.BACKWARD,
            ReportCharts.WEIGHT_GRADIENT, ReportCharts.OPTIMIZER, ReportCharts.EXPOSED_COMM, ReportCharts.BUBBLE);

    /**
     * The row in {@code columns} equal columns over [0, stepNs): each column shows the mix of what the compute stream
     * did in it, stacked in tenths (largest remainder, so a full column is ten tenths), and the strip is busy where
     * the communication streams are busy for at least half of it; runs of equal columns merge into one.
     */
    List<Column> inColumns(long stepNs, int columns) {
        double width = (double) stepNs / columns;
        double[][] fill = new double[ORDER.size()][columns];
        double[] strip = new double[columns];
        for (Interval iv : intervals) {
            boolean isStrip = iv.category().equals(ReportCharts.COMM_STREAM);
            double[] target = isStrip ? strip : fill[ORDER.indexOf(iv.category())];
            int first = (int) Math.max(0, Math.min(columns - 1, Math.floor(iv.startNs() / width)));
            int last = (int) Math.max(0, Math.min(columns - 1, Math.floor((iv.endNs() - 1) / width)));
            for (int c = first; c <= last; c++) {
                double lo = Math.max(iv.startNs(), c * width);
                double hi = Math.min(iv.endNs(), (c + 1) * width);
                if (hi > lo) {
                    target[c] += hi - lo;
                }
            }
        }
        List<Column> out = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            double[] shares = new double[ORDER.size()];
            for (int k = 0; k < shares.length; k++) {
                shares[k] = fill[k][c] / width;
            }
            int[] tenths = largestRemainder(shares);
            boolean busy = strip[c] >= width / 2;
            long start = Math.round(c * width);
            long end = Math.round((c + 1) * width);
            Column last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.busy() == busy && java.util.Arrays.equals(last.tenths(), tenths)) {
                out.set(out.size() - 1, new Column(last.startNs(), end, tenths, busy));
            } else {
                out.add(new Column(start, end, tenths, busy));
            }
        }
        return out;
    }

    /** Shares (summing to at most 1) in whole tenths that sum to the rounded total. */
    static int[] largestRemainder(double[] shares) {
        double total = 0;
        for (double v : shares) {
            total += v;
        }
        int target = (int) Math.round(Math.min(1, total) * LEVELS);
        int[] out = new int[shares.length];
        double[] remainder = new double[shares.length];
        int used = 0;
        for (int k = 0; k < shares.length; k++) {
            double scaled = shares[k] * LEVELS;
            out[k] = (int) Math.floor(scaled);
            remainder[k] = scaled - out[k];
            used += out[k];
        }
        while (used < target) {
            int best = 0;
            for (int k = 1; k < shares.length; k++) {
                if (remainder[k] > remainder[best]) {
                    best = k;
                }
            }
            out[best]++;
            remainder[best] = -1;
            used++;
        }
        while (used > target) { // rounding the total down: take from the smallest remainder that has a tenth
            int worst = -1;
            for (int k = 0; k < shares.length; k++) {
                if (out[k] > 0 && (worst < 0 || remainder[k] < remainder[worst])) {
                    worst = k;
                }
            }
            out[worst]--;
            remainder[worst] = 2;
            used--;
        }
        return out;
    }

    private static void gap(List<Interval> out, List<long[]> busy, long from, long to) {
        long t = from;
        for (long[] b : busy) {
            if (b[1] <= t || b[0] >= to) {
                continue;
            }
            long s = Math.max(t, b[0]);
            long e = Math.min(to, b[1]);
            if (s > t) {
                out.add(new Interval(ReportCharts.BUBBLE, t, s));
            }
            out.add(new Interval(ReportCharts.EXPOSED_COMM, s, e));
            t = e;
        }
        if (to > t) {
            out.add(new Interval(ReportCharts.BUBBLE, t, to));
        }
    }

    /** Sorted, merged union of intervals. */
    static List<long[]> union(List<long[]> intervals) {
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort(java.util.Comparator.comparingLong(a -> a[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] iv : sorted) {
            if (!out.isEmpty() && iv[0] <= out.get(out.size() - 1)[1]) {
                long[] last = out.get(out.size() - 1);
                last[1] = Math.max(last[1], iv[1]);
            } else {
                out.add(new long[] {iv[0], iv[1]});
            }
        }
        return out;
    }

    static String category(String computeKind) {
        return switch (computeKind) {
            case "forward" -> ReportCharts.FORWARD;
            case "backward", "backwardInput" -> ReportCharts.BACKWARD;
            case "weightGradient" -> ReportCharts.WEIGHT_GRADIENT;
            case "optimizer" -> ReportCharts.OPTIMIZER;
            default -> throw new IllegalArgumentException("unknown compute kind " + computeKind);
        };
    }
}

package org.clustersim.report.csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * {@code summary.csv}: the headline numbers of {@code result.json} as one long table, {@code scenario,metric,value,unit}
 * (RFC 4180), so summaries of many runs concatenate into one sheet. Metric names are result.json paths; phases and
 * breakdown parts are keyed by name.
 */
public final class SummaryCsv {

    public static final String HEADER = "scenario,metric,value,unit";

    private SummaryCsv() {
    }

    public static String render(JsonNode r) {
        String scenario = r.path("scenario").path("name").asString();
        List<String[]> rows = new ArrayList<>();
        JsonNode run = r.path("run");
        add(rows, "run.wallClockDays", run.path("wallClockDays"), "days");
        add(rows, "run.gpuHours", run.path("gpuHours"), "GPU-h");
        add(rows, "run.goodput", run.path("goodput"), "fraction");
        add(rows, "run.monteCarloWallClockDays", run.path("monteCarloWallClockDays"), "days");
        add(rows, "cost.rentalUsd", r.path("cost").path("rentalUsd"), "USD");
        add(rows, "cost.ownershipUsd", r.path("cost").path("ownershipUsd"), "USD");
        add(rows, "cluster.gpus", r.path("cluster").path("gpus"), "GPUs");
        for (JsonNode p : run.path("phases")) {
            String prefix = "run.phases[" + p.path("name").asString() + "].";
            add(rows, prefix + "days", p.path("days"), "days");
            add(rows, prefix + "gpuHours", p.path("gpuHours"), "GPU-h");
            add(rows, prefix + "steps", p.path("steps"), "steps");
            add(rows, prefix + "stepSeconds", p.path("stepSeconds"), "s");
        }
        JsonNode step = r.path("step");
        if (!step.isMissingNode()) {
            add(rows, "step.timeSeconds", step.path("timeSeconds"), "s");
            add(rows, "step.tokensPerSecond", step.path("tokensPerSecond"), "tokens/s");
            add(rows, "step.tflopsPerGpu", step.path("tflopsPerGpu"), "TFLOP/s");
            add(rows, "step.mfu", step.path("mfu"), "fraction");
            for (var e : step.path("breakdownSeconds").properties()) {
                add(rows, "step.breakdownSeconds." + e.getKey(), e.getValue(), "s");
            }
            add(rows, "memory.peakBytesPerRank", r.path("memory").path("peakBytesPerRank"), "bytes");
            add(rows, "memory.capacityBytes", r.path("memory").path("capacityBytes"), "bytes");
        }
        JsonNode fleet = r.path("fleet");
        if (!fleet.isMissingNode()) {
            add(rows, "fleet.capexUsd", fleet.path("capexUsd"), "USD");
            add(rows, "fleet.opexUsdPerYear", fleet.path("opexUsdPerYear"), "USD/year");
            add(rows, "fleet.tcoUsdPerYear", fleet.path("tcoUsdPerYear"), "USD/year");
        }
        for (JsonNode c : r.path("calibration").path("comparisons")) {
            add(rows, "calibration." + c.path("metric").asString() + ".published", c.path("published"),
                    c.path("unit").asString());
            add(rows, "calibration." + c.path("metric").asString() + ".simulated", c.path("simulated"),
                    c.path("unit").asString());
        }
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (String[] row : rows) {
            out.append(field(scenario)).append(',').append(field(row[0])).append(',').append(row[1]).append(',')
                    .append(field(row[2])).append("\r\n");
        }
        return out.toString();
    }

    private static void add(List<String[]> rows, String metric, JsonNode value, String unit) {
        if (value.isNumber()) {
            rows.add(new String[] {metric, number(value.asDouble()), unit});
        }
    }

    /** Shortest text that reads back to the same double; integers without a decimal point. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }

    /** RFC 4180: quote a field that holds a comma, a quote or a line break, doubling its quotes. */
    static String field(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}

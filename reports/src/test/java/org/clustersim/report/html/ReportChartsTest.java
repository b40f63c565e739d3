package org.clustersim.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.clustersim.report.Fixtures;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Every chart's dataset against result.json: what the report draws is what the result says. Values are read from the
 * JFreeChart datasets the SVG is drawn from, and recomputed here from the JSON independently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportChartsTest {

    static final double GIB = 1L << 30;

    JsonNode json;

    @BeforeAll
    void run() {
        // the fleet example runs DeepSeek-V3's scenario and adds the fleet: every chart has data
        json = Fixtures.resultJson(Fixtures.run(Fixtures.EXAMPLES.resolve("deepseek-fleet-50k.yaml")));
    }

    @Test
    void everyChartIsBuilt() {
        assertThat(ReportCharts.all(json)).extracting(ReportCharts.Chart::id).containsExactly(
                "chart-step-breakdown", "chart-pipeline-timeline", "chart-link-utilisation", "chart-memory",
                "chart-cost", "chart-fleet-waterfall");
    }

    @Test
    void stepBreakdownShowsEachPhasesBreakdownAndAddsUpToItsStep() {
        CategoryDataset data = ReportCharts.stepBreakdown(json).getCategoryPlot().getDataset();
        JsonNode steps = json.path("steps");
        assertThat(data.getColumnCount()).isEqualTo(steps.size());
        for (JsonNode step : steps) {
            String phase = step.path("phase").asString();
            double sum = 0;
            for (var e : step.path("breakdownSeconds").properties()) {
                Number v = data.getValue(ReportCharts.breakdownLabel(e.getKey()), phase);
                assertThat(v.doubleValue()).as(phase + " " + e.getKey()).isEqualTo(e.getValue().asDouble());
            }
            for (int row = 0; row < data.getRowCount(); row++) {
                Number v = data.getValue(row, data.getColumnIndex(phase));
                sum += v == null ? 0 : v.doubleValue();
            }
            assertThat(sum).as(phase).isCloseTo(step.path("timeSeconds").asDouble(), within(1e-6));
        }
    }

    @Test
    void pipelineTimelineShowsEachRanksComputeCommunicationAndBubbleForItsWholeStep() {
        XYIntervalSeriesCollection data = (XYIntervalSeriesCollection) ReportCharts.pipelineTimeline(json)
                .getXYPlot().getDataset();
        JsonNode ranks = json.path("step").path("timeline").path("pipelineRanks");
        assertThat(ReportCharts.timelineIsColumns(json)).isFalse(); // DeepSeek's ~7,000 intervals: drawn exactly
        for (int row = 0; row < ranks.size(); row++) {
            JsonNode rank = ranks.get(row);
            Map<String, Double> drawn = drawnSeconds(data, row);
            // compute categories: exactly the JSON's compute spans of that kind
            Map<String, Double> expected = new HashMap<>();
            JsonNode c = rank.path("compute");
            for (int i = 0; i < c.path("kind").size(); i++) {
                String category = switch (c.path("kind").get(i).asString()) {
                    case "forward" -> ReportCharts.FORWARD;
                    case "backward", "backwardInput" -> ReportCharts.BACKWARD;
                    case "weightGradient" -> ReportCharts.WEIGHT_GRADIENT;
                    case "optimizer" -> ReportCharts.OPTIMIZER;
                    default -> throw new AssertionError(c.path("kind").get(i).asString());
                };
                expected.merge(category, (c.path("endNs").get(i).asLong() - c.path("startNs").get(i).asLong())
                        / 1e9, Double::sum);
            }
            for (String category : List.of(ReportCharts.FORWARD, ReportCharts.BACKWARD,
                    ReportCharts.WEIGHT_GRADIENT, ReportCharts.OPTIMIZER)) {
                assertThat(drawn.getOrDefault(category, 0.0)).as(row + " " + category)
                        .isCloseTo(expected.getOrDefault(category, 0.0), within(1e-9));
            }
            // every moment of the rank's step is one compute-stream category
            double stream = drawn.entrySet().stream().filter(e -> !e.getKey().equals(ReportCharts.COMM_STREAM))
                    .mapToDouble(Map.Entry::getValue).sum();
            assertThat(stream).isCloseTo(rank.path("endNs").asLong() / 1e9, within(1e-9));
            // the strip is the union of the communication spans
            assertThat(drawn.get(ReportCharts.COMM_STREAM)).isCloseTo(unionSeconds(rank.path("communication")),
                    within(1e-9));
        }
        assertThat(drawn(data, ReportCharts.FORWARD)).isPositive();
        assertThat(drawn(data, ReportCharts.BUBBLE)).isPositive(); // DualPipe's warm-up and cool-down
        assertThat(drawn(data, ReportCharts.EXPOSED_COMM)).isPositive(); // MoE all-to-all the compute waits for
    }

    /** Seconds each series covers on a row: x extent of every item whose y is the row. */
    static Map<String, Double> drawnSeconds(XYIntervalSeriesCollection data, int row) {
        Map<String, Double> out = new HashMap<>();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                if (data.getYValue(s, i) == row) {
                    out.merge((String) data.getSeriesKey(s), data.getEndXValue(s, i) - data.getStartXValue(s, i),
                            Double::sum);
                }
            }
        }
        return out;
    }

    static double drawn(XYIntervalSeriesCollection data, String series) {
        int s = data.indexOf(series);
        double total = 0;
        for (int i = 0; i < data.getItemCount(s); i++) {
            total += data.getEndXValue(s, i) - data.getStartXValue(s, i);
        }
        return total;
    }

    static double unionSeconds(JsonNode comm) {
        List<long[]> spans = new ArrayList<>();
        for (int i = 0; i < comm.path("kind").size(); i++) {
            spans.add(new long[] {comm.path("startNs").get(i).asLong(), comm.path("endNs").get(i).asLong()});
        }
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        long total = 0;
        long s = -1;
        long e = -1;
        for (long[] span : spans) {
            if (span[0] > e) {
                total += e - s;
                s = span[0];
                e = span[1];
            } else {
                e = Math.max(e, span[1]);
            }
        }
        total += e - s;
        return total / 1e9;
    }

    @Test
    void linkUtilisationShowsTheResultsBinsInPercent() {
        XYDataset data = ReportCharts.linkUtilisation(json).getXYPlot().getDataset();
        JsonNode links = json.path("step").path("linkUtilisation");
        double bin = links.path("binSeconds").asDouble();
        for (int t = 0; t < 2; t++) {
            JsonNode values = links.path("tiers").get(t).path("utilisation");
            assertThat((String) data.getSeriesKey(t)).startsWith(links.path("tiers").get(t).path("tier").asString());
            for (int i = 0; i < values.size(); i++) {
                assertThat(data.getXValue(t, i)).isCloseTo(i * bin, within(1e-12));
                assertThat(data.getYValue(t, i)).isEqualTo(100 * values.get(i).asDouble());
            }
        }
    }

    @Test
    void memoryShowsEachStagesPartsAgainstTheCapacity() {
        JFreeChart chart = ReportCharts.memory(json);
        CategoryPlot plot = chart.getCategoryPlot();
        CategoryDataset data = plot.getDataset();
        for (JsonNode rank : json.path("memory").path("pipelineRanks")) {
            String stage = Integer.toString(rank.path("pipelineRank").asInt());
            double sum = 0;
            for (var part : ReportCharts.MEMORY_PARTS.entrySet()) {
                double v = data.getValue(part.getValue(), stage).doubleValue();
                assertThat(v).isEqualTo(rank.path(part.getKey()).asDouble() / GIB);
                sum += v;
            }
            assertThat(sum).isCloseTo(rank.path("totalBytes").asDouble() / GIB, within(1e-9));
        }
        ValueMarker capacity = (ValueMarker) plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator()
                .next();
        assertThat(capacity.getValue()).isEqualTo(json.path("memory").path("capacityBytes").asDouble() / GIB);
        assertThat(capacity.getValue()).isEqualTo(80.0); // H800: 80 GiB
    }

    @Test
    void costShowsRentalAndOwnershipPartsThatAddUpToTheirTotals() {
        CategoryDataset data = ReportCharts.cost(json).getCategoryPlot().getDataset();
        JsonNode cost = json.path("cost");
        double rental = 0;
        for (JsonNode part : cost.path("rental").path("parts")) {
            double v = data.getValue("rental: " + part.path("name").asString(), "rental").doubleValue();
            assertThat(v).isEqualTo(part.path("usd").asDouble() / 1e6);
            rental += v;
        }
        assertThat(rental).isCloseTo(cost.path("rentalUsd").asDouble() / 1e6, within(1e-6));
        double owned = 0;
        for (JsonNode part : cost.path("ownership").path("parts")) {
            owned += data.getValue("ownership: " + part.path("name").asString(), "ownership").doubleValue();
        }
        assertThat(owned).isCloseTo(cost.path("ownershipUsd").asDouble() / 1e6, within(1e-6));
    }

    @Test
    void waterfallShowsEachReconciliationStepAndEndsAtCapexPlusAYearOfOpex() {
        CategoryDataset data = ReportCharts.fleetWaterfall(json).getCategoryPlot().getDataset();
        JsonNode fleet = json.path("fleet");
        JsonNode steps = fleet.path("reconciliation");
        assertThat(data.getColumnCount()).isEqualTo(steps.size() + 1);
        for (int i = 0; i < steps.size(); i++) {
            assertThat(data.getColumnKey(i)).isEqualTo(steps.get(i).path("name").asString());
            assertThat(data.getValue(0, i).doubleValue()).isEqualTo(steps.get(i).path("usd").asDouble() / 1e6);
        }
        assertThat(data.getColumnKey(steps.size())).isEqualTo(ReportCharts.WATERFALL_TOTAL);
        assertThat(data.getValue(0, steps.size()).doubleValue()).isCloseTo(
                (fleet.path("capexUsd").asDouble() + fleet.path("opexUsdPerYear").asDouble()) / 1e6, within(1e-6));
        // the first bar is the run's rental headline
        assertThat(data.getValue(0, 0).doubleValue()).isEqualTo(json.path("cost").path("rentalUsd").asDouble() / 1e6);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void columnsStackTenthsThatTrackEachColumnsMix(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] shares = new double[6];
        double left = random.nextDouble(0.5, 1.0); // part of a column may lie past the rank's end
        for (int k = 0; k < shares.length - 1; k++) {
            shares[k] = left * random.nextDouble() * (random.nextBoolean() ? 1 : 0.1);
            left -= shares[k];
        }
        shares[shares.length - 1] = Math.max(0, left);
        double total = java.util.Arrays.stream(shares).sum();
        int[] tenths = RankIntervals.largestRemainder(shares);
        assertThat(java.util.Arrays.stream(tenths).sum()).isEqualTo((int) Math.round(total * RankIntervals.LEVELS));
        for (int k = 0; k < shares.length; k++) {
            assertThat(Math.abs(tenths[k] - shares[k] * RankIntervals.LEVELS)).as("share " + k).isLessThan(1.0);
        }
    }

    @Test
    void columnModeConservesEachCategoryToWithinATenthOfAColumnPerColumn() {
        JsonNode rank = json.path("step").path("timeline").path("pipelineRanks").get(0);
        RankIntervals exact = RankIntervals.of(rank);
        long stepNs = rank.path("endNs").asLong();
        int columns = 200;
        List<RankIntervals.Column> drawn = exact.inColumns(stepNs, columns);
        double width = (double) stepNs / columns;
        for (int k = 0; k < RankIntervals.ORDER.size(); k++) {
            String category = RankIntervals.ORDER.get(k);
            double truth = exact.intervals().stream().filter(i -> i.category().equals(category))
                    .mapToLong(RankIntervals.Interval::durationNs).sum();
            double shown = 0;
            for (RankIntervals.Column c : drawn) {
                shown += (double) (c.endNs() - c.startNs()) * c.tenths()[k] / RankIntervals.LEVELS;
            }
            assertThat(Math.abs(shown - truth)).as(category).isLessThanOrEqualTo(columns * width / 10);
            // and in practice the rounding errors cancel: within 2% of the step
            assertThat(Math.abs(shown - truth)).as(category).isLessThanOrEqualTo(0.02 * stepNs);
        }
    }
}

package org.clustersim.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clustersim.scenario.sweep.Axis;
import org.clustersim.scenario.sweep.PointResult;
import org.clustersim.scenario.sweep.SweepHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SweepReportTest {

    static final Axis GPU = new Axis("cluster.gpu", List.of("H800", "H100", "<b>H20</b>"), "test");
    static final Axis PRICE = new Axis("costs.gpuHourPrice", List.of("$1/GPU-h", "$2/GPU-h", "$3/GPU-h"), "test");

    static PointResult ok(int index, String gpu, String price, double days, double rentalUsd) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put(GPU.path(), gpu);
        overrides.put(PRICE.path(), price);
        return new PointResult("s1", index, overrides, 1, "h" + index, "test", PointResult.Status.OK, null,
                "pre-training", 20, 3e6, 0.4, 2048, days * 86_400, days * 24 * 2048, 0.97, rentalUsd, Double.NaN,
                0.01);
    }

    static SweepHeader header(int points) {
        return new SweepHeader("s1", "<script>alert(1)</script>", "base.yaml", List.of(), points, List.of(GPU, PRICE),
                List.of(List.of(0), List.of(1)), null, "test");
    }

    /** Dominance checked pairwise: a point is on the front iff no other is at least as good on both and better on one. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void paretoFrontIsExactlyTheUndominatedPoints(long seed) {
        Random random = new Random(seed);
        List<PointResult> points = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // coarse values so that ties happen
            points.add(ok(i, "H800", "$1/GPU-h", 1 + random.nextInt(12), 1e6 * (1 + random.nextInt(12))));
        }
        List<PointResult> front = SweepReport.paretoFront(points, PointResult::rentalUsd);
        for (PointResult p : points) {
            boolean dominated = false;
            boolean earlierTwin = false;
            for (PointResult q : points) {
                if (q == p) {
                    continue;
                }
                boolean noWorse = q.days() <= p.days() && q.rentalUsd() <= p.rentalUsd();
                boolean better = q.days() < p.days() || q.rentalUsd() < p.rentalUsd();
                dominated |= noWorse && better;
                earlierTwin |= q.days() == p.days() && q.rentalUsd() == p.rentalUsd() && q.point() < p.point();
            }
            assertThat(front.contains(p)).as("point %d", p.point()).isEqualTo(!dominated && !earlierTwin);
        }
        for (int i = 1; i < front.size(); i++) {
            assertThat(front.get(i).days()).isGreaterThan(front.get(i - 1).days());
            assertThat(front.get(i).rentalUsd()).isLessThan(front.get(i - 1).rentalUsd());
        }
    }

    @Test
    void spreadPerAxisValueIsMinMedianMaxOverTheOtherAxes() {
        List<PointResult> points = List.of(ok(0, "H800", "$1/GPU-h", 50, 5e6), ok(1, "H800", "$2/GPU-h", 52, 10e6),
                ok(2, "H800", "$3/GPU-h", 57, 15e6), ok(3, "H100", "$1/GPU-h", 40, 4e6),
                ok(4, "H100", "$2/GPU-h", 44, 8e6));
        List<SweepReport.Spread> byGpu = SweepReport.spread(GPU, points, PointResult::days);
        assertThat(byGpu).hasSize(2); // no finished point has the third value
        assertThat(byGpu.get(0).value()).isEqualTo("H800");
        assertThat(byGpu.get(0).min()).isCloseTo(50, offset(1e-9));
        assertThat(byGpu.get(0).median()).isCloseTo(52, offset(1e-9));
        assertThat(byGpu.get(0).max()).isCloseTo(57, offset(1e-9));
        assertThat(byGpu.get(1).median()).isCloseTo(42, offset(1e-9)); // even count: mean of the middle two
        assertThat(SweepReport.spread(PRICE, points, PointResult::rentalUsd).get(2).points()).isEqualTo(1);
    }

    @Test
    void pageIsOfflineEscapedAndChartsTheResults() {
        List<PointResult> points = new ArrayList<>(List.of(ok(0, "H800", "$1/GPU-h", 50, 5e6),
                ok(1, "<b>H20</b>", "$2/GPU-h", 200, 4e6), ok(2, "H100", "$3/GPU-h", 40, 9e6)));
        Map<String, String> bad = new LinkedHashMap<>(Map.of(GPU.path(), "H100", PRICE.path(), "$1/GPU-h"));
        points.add(new PointResult("s1", 3, bad, 1, "h3", "test", PointResult.Status.INVALID,
                "file.yaml:3:5: error: <plan> does not fit", null, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0.01));
        String page = SweepReport.render(header(9), points);

        assertThat(page).doesNotContain("<script").doesNotContain("<b>H20</b>").contains("&lt;b&gt;H20&lt;/b&gt;")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;plan&gt; does not fit");
        assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertThat(page).contains("4 of 9 points finished: 3 simulated, 1 invalid");
        // one Pareto chart plus time and cost per axis
        Matcher svg = Pattern.compile("<svg id=['\"](chart-[a-z0-9-]+)['\"]").matcher(page);
        List<String> ids = new ArrayList<>();
        while (svg.find()) {
            ids.add(svg.group(1));
        }
        assertThat(ids).containsExactly("chart-pareto", "chart-axis-0-time", "chart-axis-0-cost", "chart-axis-1-time",
                "chart-axis-1-cost");
        // the front: point 2 is fastest, point 1 cheapest, point 0 neither faster than 2 nor cheaper than 1 -> on it
        assertThat(page).contains("Pareto front, fastest first: point 2");
        assertThat(SweepReport.paretoFront(points.subList(0, 3), PointResult::rentalUsd).stream()
                .map(PointResult::point)).containsExactly(2, 0, 1);
        // every point in the table, the invalid one with its reason
        for (int i = 0; i < 4; i++) {
            assertThat(page).contains("<tr><td class=\"num\">" + i + "</td>");
        }
    }

    @Test
    void costFallsBackToGpuHoursWhenAPointHasNoPrice() {
        PointResult priced = ok(0, "H800", "$1/GPU-h", 50, 5e6);
        PointResult unpriced = ok(1, "H100", "$1/GPU-h", 40, Double.NaN);
        assertThat(SweepReport.CostMeasure.choose(List.of(priced))).isEqualTo(SweepReport.CostMeasure.RENTAL);
        assertThat(SweepReport.CostMeasure.choose(List.of(priced, unpriced)))
                .isEqualTo(SweepReport.CostMeasure.GPU_HOURS);
    }
}

package org.clustersim.report.html;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.clustersim.scenario.sweep.Axis;
import org.clustersim.scenario.sweep.PointResult;
import org.clustersim.scenario.sweep.SweepHeader;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The sweep report ({@code clustersim report RESULTS.jsonl --out sweep.html}): one offline HTML page with, per swept
 * parameter, run time and cost against its values, the cost–time Pareto front, and the table of points. Every number
 * comes from the results file's point lines (the latest line of each point).
 */
public final class SweepReport {

    /** What the charts call cost: rental where every finished point has a price, else ownership, else GPU-hours. */
    public enum CostMeasure {
        RENTAL("rental cost", "million USD"), OWNERSHIP("ownership cost", "million USD"),
        GPU_HOURS("GPU-hours", "million GPU-hours");

        private final String label;
        private final String unit;

        CostMeasure(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        public String label() {
            return label;
        }

        /** The value as the charts plot it: in millions, so axis labels stay readable. */
        public double charted(PointResult p) {
            return of(p) / 1e6;
        }

        public double of(PointResult p) {
            return switch (this) {
                case RENTAL -> p.rentalUsd();
                case OWNERSHIP -> p.ownershipUsd();
                case GPU_HOURS -> p.gpuHours();
            };
        }

        /** The measure every finished point has, preferring money. */
        public static CostMeasure choose(List<PointResult> ok) {
            for (CostMeasure m : List.of(RENTAL, OWNERSHIP)) {
                if (!ok.isEmpty() && ok.stream().allMatch(p -> Double.isFinite(m.of(p)))) {
                    return m;
                }
            }
            return GPU_HOURS;
        }
    }

    /** Fastest, median and slowest (or cheapest, median, dearest) finished point at one value of one axis. */
    public record Spread(String value, int points, double min, double median, double max) {
    }

    private final SweepHeader header;
    private final List<PointResult> points;
    private final List<PointResult> ok;
    private final CostMeasure cost;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private SweepReport(SweepHeader header, Collection<PointResult> points) {
        this.header = header;
        this.points = points.stream().sorted(Comparator.comparingInt(PointResult::point)).toList();
        this.ok = this.points.stream().filter(p -> p.status() == PointResult.Status.OK
                && Double.isFinite(p.timeSeconds())).toList();
        this.cost = CostMeasure.choose(ok);
    }

    /** The page for a sweep's header and its points (one result per point). */
    public static String render(SweepHeader header, Collection<PointResult> points) {
        return new SweepReport(header, points).page();
    }

    /**
     * The points no other point beats on both run days and {@code cost} (lower is better on both), ordered by days.
     * A point equal to another on both counts once: the lower index.
     */
    public static List<PointResult> paretoFront(List<PointResult> ok, ToDoubleFunction<PointResult> cost) {
        List<PointResult> sorted = new ArrayList<>(ok);
        sorted.sort(Comparator.comparingDouble(PointResult::days).thenComparingDouble(cost)
                .thenComparingInt(PointResult::point));
        List<PointResult> front = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (PointResult p : sorted) {
            double c = cost.applyAsDouble(p);
            if (c < best) { // faster points came first: only a strictly cheaper one is not dominated
                front.add(p);
                best = c;
            }
        }
        return front;
    }

    /** Per value of {@code axis}, in the axis's order, the spread of {@code metric} over the finished points. */
    public static List<Spread> spread(Axis axis, List<PointResult> ok, ToDoubleFunction<PointResult> metric) {
        Map<String, List<Double>> byValue = new LinkedHashMap<>();
        for (String v : axis.values()) {
            byValue.put(v, new ArrayList<>());
        }
        for (PointResult p : ok) {
            String v = p.overrides().get(axis.path());
            double m = metric.applyAsDouble(p);
            if (v != null && byValue.containsKey(v) && Double.isFinite(m)) {
                byValue.get(v).add(m);
            }
        }
        List<Spread> out = new ArrayList<>();
        byValue.forEach((v, list) -> {
            if (!list.isEmpty()) {
                double[] a = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double median = a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
                out.add(new Spread(v, a.length, a[0], median, a[a.length - 1]));
            }
        });
        return out;
    }

    // -------------------------------------------------------------------------------------------------------------

    private String page() {
        String name = header.name() == null || header.name().isBlank() ? header.sweepId() : header.name();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(name)).append(" · clustersim sweep</title>\n")
                .append("<style>").append(HtmlReport.CSS).append("</style>\n</head>\n<body>\n<main>\n");
        out.append("<header>\n<p class=\"kicker\">clustersim sweep report</p>\n<h1>").append(Html.escape(name))
                .append("</h1>\n<p class=\"meta\">base scenario <code>").append(Html.escape(header.base()))
                .append("</code> · sweep ").append(Html.escape(header.sweepId())).append(" · tool ")
                .append(Html.escape(header.toolVersion())).append("</p>\n</header>\n");
        summary();
        pareto();
        axes();
        table();
        out.append("<footer>Generated by clustersim from the sweep's results file; the CSV beside this page holds the "
                + "same points.</footer>\n</main>\n</body>\n</html>\n");
        return out.toString();
    }

    private void summary() {
        long invalid = points.stream().filter(p -> p.status() == PointResult.Status.INVALID).count();
        long errors = points.stream().filter(p -> p.status() == PointResult.Status.ERROR).count();
        out.append("<p class=\"lede\">").append(String.format(Locale.ROOT, "%,d of %,d points finished: %,d simulated, "
                        + "%,d invalid (recorded with their reason), %,d failed.", points.size(), header.points(),
                ok.size(), invalid, errors));
        if (!ok.isEmpty()) {
            PointResult fastest = ok.stream().min(Comparator.comparingDouble(PointResult::days)).orElseThrow();
            PointResult cheapest = ok.stream().min(Comparator.comparingDouble(cost::of)).orElseThrow();
            out.append(" Fastest: point ").append(fastest.point()).append(" (").append(Html.escape(overrides(fastest)))
                    .append("), ").append(Html.fixed(fastest.days(), 2)).append(" days. Cheapest by ")
                    .append(cost.label()).append(": point ").append(cheapest.point()).append(" (")
                    .append(Html.escape(overrides(cheapest))).append("), ").append(costText(cheapest)).append('.');
        }
        out.append("</p>\n");
        out.append("<h2>Swept parameters</h2>\n<div class=\"table\"><table>\n<thead><tr><th>parameter</th>"
                + "<th>values</th></tr></thead>\n<tbody>\n");
        for (Axis axis : header.axes()) {
            out.append("<tr><td class=\"key\"><code>").append(Html.escape(axis.path())).append("</code></td><td>")
                    .append(Html.escape(String.join(", ", axis.values()))).append("</td></tr>\n");
        }
        out.append("</tbody></table></div>\n");
    }

    private void pareto() {
        if (ok.isEmpty()) {
            return;
        }
        List<PointResult> front = paretoFront(ok, cost::of);
        out.append("<h2>Cost against time</h2>\n");
        figure(new ReportCharts.Chart("chart-pareto", "Run time and " + cost.label() + " of every simulated point",
                "Each dot is a simulated point; the line joins the cost–time Pareto front: the " + front.size()
                        + (front.size() == 1 ? " point" : " points") + " no other point beats on both run days and "
                        + cost.label() + ".",
                paretoChart(front), 960, 460));
        out.append("<p>Pareto front, fastest first: ");
        for (int i = 0; i < front.size(); i++) {
            PointResult p = front.get(i);
            out.append(i == 0 ? "" : "; ").append("point ").append(p.point()).append(" (")
                    .append(Html.escape(overrides(p))).append(") ").append(Html.fixed(p.days(), 2)).append(" days, ")
                    .append(costText(p));
        }
        out.append(".</p>\n");
    }

    private void axes() {
        if (ok.isEmpty()) {
            return;
        }
        out.append("<h2>Time and cost against each swept parameter</h2>\n<p>At each value of a parameter: the "
                + "fastest (cheapest), median and slowest (dearest) simulated point over the other parameters' "
                + "values.</p>\n");
        int i = 0;
        for (Axis axis : header.axes()) {
            figure(new ReportCharts.Chart("chart-axis-" + i + "-time", "Run days against " + axis.path(),
                    "Wall-clock days of the run (with failures and checkpoints) at each value of " + axis.path() + ".",
                    spreadChart(axis, spread(axis, ok, PointResult::days), "days"), 960, 360));
            figure(new ReportCharts.Chart("chart-axis-" + i + "-cost",
                    cost.label() + " against " + axis.path(), "The run's " + cost.label() + " at each value of "
                    + axis.path() + ".", spreadChart(axis, spread(axis, ok, cost::charted), cost.unit), 960, 360));
            i++;
        }
    }

    private void table() {
        Set<String> front = new java.util.HashSet<>();
        if (!ok.isEmpty()) {
            paretoFront(ok, cost::of).forEach(p -> front.add(Integer.toString(p.point())));
        }
        out.append("<h2>Points</h2>\n<div class=\"table\"><table>\n<thead><tr><th class=\"num\">#</th>");
        for (Axis axis : header.axes()) {
            out.append("<th>").append(Html.escape(axis.path())).append("</th>");
        }
        out.append("<th>status</th><th class=\"num\">step s</th><th class=\"num\">MFU</th><th class=\"num\">days</th>"
                + "<th class=\"num\">GPU-hours</th><th class=\"num\">rental</th><th class=\"num\">ownership</th>"
                + "<th>Pareto</th><th>reason</th></tr></thead>\n<tbody>\n");
        for (PointResult p : points) {
            out.append("<tr><td class=\"num\">").append(p.point()).append("</td>");
            for (Axis axis : header.axes()) {
                out.append("<td>").append(Html.escape(p.overrides().getOrDefault(axis.path(), ""))).append("</td>");
            }
            out.append("<td>").append(Html.escape(p.status().spelling())).append("</td>")
                    .append(num(p.stepTimeSeconds(), 3)).append("<td class=\"num\">")
                    .append(Double.isFinite(p.mfu()) ? Html.percent(p.mfu(), 1) : "").append("</td>")
                    .append(num(p.days(), 2)).append("<td class=\"num\">")
                    .append(Double.isFinite(p.gpuHours()) ? Html.count(p.gpuHours()) : "").append("</td>")
                    .append("<td class=\"num\">").append(Double.isFinite(p.rentalUsd()) ? Html.usd(p.rentalUsd()) : "")
                    .append("</td><td class=\"num\">")
                    .append(Double.isFinite(p.ownershipUsd()) ? Html.usd(p.ownershipUsd()) : "").append("</td><td>")
                    .append(front.contains(Integer.toString(p.point())) ? "front" : "").append("</td><td>")
                    .append(Html.escape(p.reason() == null ? "" : p.reason())).append("</td></tr>\n");
        }
        out.append("</tbody></table></div>\n");
    }

    // -------------------------------------------------------------------------------------------------------------

    private JFreeChart paretoChart(List<PointResult> front) {
        XYSeries all = new XYSeries("simulated points", false, true);
        for (PointResult p : ok) {
            all.add(p.days(), cost.charted(p));
        }
        XYSeries line = new XYSeries("Pareto front", false, true);
        for (PointResult p : front) {
            line.add(p.days(), cost.charted(p));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(all);
        data.addSeries(line);
        NumberAxis x = new NumberAxis("run days");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(cost.label() + " (" + cost.unit + ")");
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, new XYPlot(data, x, y, renderer), true);
        ReportCharts.style(chart); // the theme resets series paints: set them after
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesPaint(0, new Color(0x9dc3e6));
        renderer.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setSeriesPaint(1, new Color(0xc55a11));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        renderer.setSeriesShape(1, new Ellipse2D.Double(-4, -4, 8, 8));
        return chart;
    }

    private static JFreeChart spreadChart(Axis axis, List<Spread> spreads, String unit) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        boolean several = spreads.stream().anyMatch(s -> s.points() > 1);
        for (Spread s : spreads) {
            if (several) {
                data.addValue(s.min(), "lowest", s.value());
                data.addValue(s.median(), "median", s.value());
                data.addValue(s.max(), "highest", s.value());
            } else {
                data.addValue(s.median(), "value", s.value());
            }
        }
        CategoryAxis x = new CategoryAxis(axis.path());
        if (spreads.size() > 8) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis y = new NumberAxis(unit);
        y.setAutoRangeIncludesZero(false);
        LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT,
                new CategoryPlot(data, x, y, renderer), several);
        ReportCharts.style(chart); // the theme resets series paints: set them after
        Color[] colors = {new Color(0x5b9bd5), new Color(0x1f4e79), new Color(0xc55a11)};
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, several ? colors[i] : colors[1]);
            renderer.setSeriesStroke(i, new BasicStroke(i == 1 || !several ? 2.2f : 1.2f));
        }
        return chart;
    }

    private void figure(ReportCharts.Chart chart) {
        out.append("<figure class=\"chart\">\n<h3>").append(Html.escape(chart.title())).append("</h3>\n")
                .append(ReportCharts.svg(chart)).append("\n<figcaption>").append(Html.escape(chart.caption()))
                .append("</figcaption>\n</figure>\n");
    }

    private String costText(PointResult p) {
        return cost == CostMeasure.GPU_HOURS ? Html.count(p.gpuHours()) + " GPU-hours" : Html.usd(cost.of(p));
    }

    private static String num(double v, int decimals) {
        return "<td class=\"num\">" + (Double.isFinite(v) ? Html.fixed(v, decimals) : "") + "</td>";
    }

    private static String overrides(PointResult p) {
        List<String> parts = new ArrayList<>();
        p.overrides().forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }
}

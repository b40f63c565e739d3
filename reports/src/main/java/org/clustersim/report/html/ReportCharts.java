package org.clustersim.report.html;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.WaterfallBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;
import tools.jackson.databind.JsonNode;

/**
 * The report's charts, each built from {@code result.json} values only (so what the report draws is what the result
 * says, and a test can check it), drawn by JFreeChart and written as inline SVG by JFreeSVG. Fonts are the generic
 * {@code sans-serif} family, so nothing is fetched; JFreeSVG escapes every string it draws.
 */
public final class ReportCharts {

    /** Series names of the pipeline timeline, in drawing order. */
    public static final String FORWARD = "forward";
    public static final String BACKWARD = "backward";
    public static final String WEIGHT_GRADIENT = "weight gradient";
    public static final String OPTIMIZER = "optimizer";
    public static final String EXPOSED_COMM = "communication (compute waits)";
    public static final String BUBBLE = "bubble (idle)";
    public static final String COMM_STREAM = "communication streams busy";

    /**
     * Most intervals the timeline draws one by one; above this (hundreds of micro-batches per stage) each row is drawn
     * in {@link #TIMELINE_COLUMNS} columns, each showing what the stage did most in it: thousands of sub-pixel bars
     * would add megabytes and show nothing more.
     */
    static final int MAX_EXACT_INTERVALS = 12_000;
    static final int TIMELINE_COLUMNS = 200;

    /** A row's bar spans [y - 0.36, y + 0.26]; the communication strip [y + 0.30, y + 0.44] (y grows downwards). */
    static final double ROW_HALF_TOP = 0.36;
    static final double ROW_HEIGHT = 0.62;
    static final double STRIP_TOP = 0.30;
    static final double STRIP_BOTTOM = 0.44;

    /** One chart of the report: its element id, heading, caption and the chart itself. */
    public record Chart(String id, String title, String caption, JFreeChart chart, int width, int height) {
    }

    private static final Color[] COMPUTE_COLORS = {new Color(0x1f4e79), new Color(0x2e75b6), new Color(0x5b9bd5),
        new Color(0x9dc3e6), new Color(0x2f8f83), new Color(0x6cc1b4), new Color(0x3d5a80), new Color(0x98c1d9)};
    private static final Color[] COMM_COLORS = {new Color(0xc55a11), new Color(0xed7d31), new Color(0xf4b183),
        new Color(0xb03a2e), new Color(0xe6a23c), new Color(0x8c4a12)};
    private static final Color BUBBLE_COLOR = new Color(0xd9d9d9);
    private static final Color OPTIMIZER_COLOR = new Color(0x7030a0);
    private static final Color[] PART_COLORS = {new Color(0x2e75b6), new Color(0x5b9bd5), new Color(0x9dc3e6),
        new Color(0x2f8f83), new Color(0x6cc1b4), new Color(0xed7d31), new Color(0xf4b183), new Color(0xc55a11),
        new Color(0x7030a0), new Color(0xa5a5a5)};

    private ReportCharts() {
    }

    /** The charts the result has data for, in the order the report shows them. */
    public static List<Chart> all(JsonNode result) {
        List<Chart> charts = new ArrayList<>();
        JFreeChart breakdown = stepBreakdown(result);
        if (breakdown != null) {
            charts.add(new Chart("chart-step-breakdown", "Where one training step's time goes",
                    "Each phase's step, cut into compute by kind, communication that compute waits for, pipeline "
                            + "bubble and optimizer, on the critical pipeline rank (they add up to the step time; "
                            + "result.json: steps[].breakdownSeconds).", breakdown, 1000,
                    120 + 60 * result.path("steps").size()));
        }
        JFreeChart timeline = pipelineTimeline(result);
        if (timeline != null) {
            int rows = timelineRows(result).size();
            charts.add(new Chart("chart-pipeline-timeline", "Pipeline timeline of one step",
                    "One row per pipeline stage (a representative rank: every rank of a stage does the same work). "
                            + "Coloured: what the compute stream does; the thin strip under each row: when its "
                            + "communication streams are busy, including communication hidden behind compute. "
                            + "Within an op, communication is drawn after its compute (the model knows each kind's "
                            + "total, not its interleaving)."
                            + (timelineIsColumns(result) ? " With this many ops, each row is drawn in "
                            + TIMELINE_COLUMNS + " columns, each stacking the shares (in tenths) of what the stage "
                            + "did in it." : "")
                            + (result.path("step").path("timeline").path("stagesShown").asString("all").equals("all")
                            ? "" : " Stages shown: " + result.path("step").path("timeline").path("stagesShown")
                            .asString() + ".")
                            + " result.json: step.timeline.", timeline, 1000,
                    110 + 26 * rows));
        }
        JFreeChart links = linkUtilisation(result);
        if (links != null) {
            charts.add(new Chart("chart-link-utilisation", "Link utilisation by tier over the step",
                    "Derived from the step's recorded communication intervals (analytical accounting, not a "
                            + "flow-level measurement): each interval's bytes per GPU (nccl-tests bus bytes for "
                            + "collectives, expected node-limited traffic for MoE) spread over its duration, averaged "
                            + "over the pipeline stages, as a share of the tier's achievable bandwidth per GPU. The "
                            + "model lets concurrent transfers overlap without contention, so a tier can exceed "
                            + "100%; trace.json has the exact per-rank counters. result.json: step.linkUtilisation.",
                    links, 1000, 320));
        }
        JFreeChart memory = memory(result);
        if (memory != null) {
            charts.add(new Chart("chart-memory", "Memory per GPU against capacity",
                    "Peak memory of one GPU of each pipeline stage, by what it holds, against the GPU's HBM "
                            + "capacity (line). result.json: memory.pipelineRanks.", memory, 1000, 340));
        }
        JFreeChart cost = cost(result);
        if (cost != null) {
            charts.add(new Chart("chart-cost", "What the run costs: rental and ownership",
                    "Rental: each phase's GPU-hours at the rental price. Ownership: the run's share of a year of "
                            + "owning its cluster (depreciation of servers, network and storage; electricity, "
                            + "facility, maintenance) for as long as it runs. result.json: cost.", cost, 1000, 300));
        }
        JFreeChart waterfall = fleetWaterfall(result);
        if (waterfall != null) {
            charts.add(new Chart("chart-fleet-waterfall", "From the headline run cost to the fleet's cost",
                    "Each bar adds to the running total, from the run at rental prices to the fleet's first-year "
                            + "cash cost (capex plus one year of opex). Shares of research and inference are stated "
                            + "assumptions. result.json: fleet.reconciliation.", waterfall, 1000, 380));
        }
        return charts;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // step-time breakdown

    /** Horizontal stacked bars: one per phase, one series per part of the step, seconds. */
    public static JFreeChart stepBreakdown(JsonNode result) {
        JsonNode steps = result.path("steps");
        if (!steps.isArray() || steps.isEmpty()) {
            return null;
        }
        List<String> keys = breakdownKeys(steps);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (JsonNode step : steps) {
            String phase = step.path("phase").asString();
            for (String key : keys) {
                data.addValue(step.path("breakdownSeconds").path(key).asDouble(0), breakdownLabel(key), phase);
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(null, null, "seconds per step", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setMaximumBarWidth(0.6);
        int c = 0;
        int m = 0;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            Paint paint = key.equals("bubble") ? BUBBLE_COLOR : key.equals("optimizer") ? OPTIMIZER_COLOR
                    : key.startsWith("exposedComm.") ? COMM_COLORS[m++ % COMM_COLORS.length]
                    : COMPUTE_COLORS[c++ % COMPUTE_COLORS.length];
            renderer.setSeriesPaint(i, paint);
        }
        return chart;
    }

    /** Compute kinds first (largest first in the main step), then exposed communication, bubble, optimizer. */
    static List<String> breakdownKeys(JsonNode steps) {
        Set<String> all = new LinkedHashSet<>();
        for (JsonNode step : steps) {
            step.path("breakdownSeconds").propertyNames().forEach(all::add);
        }
        JsonNode main = steps.get(0).path("breakdownSeconds");
        List<String> compute = new ArrayList<>();
        List<String> comm = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String key : all) {
            (key.startsWith("compute.") ? compute : key.startsWith("exposedComm.") ? comm : rest).add(key);
        }
        java.util.Comparator<String> bySize = java.util.Comparator.comparingDouble(k -> -main.path(k).asDouble(0));
        compute.sort(bySize);
        comm.sort(bySize);
        rest.sort(java.util.Comparator.comparing(k -> k.equals("bubble") ? 0 : k.equals("optimizer") ? 2 : 1));
        List<String> out = new ArrayList<>(compute);
        out.addAll(comm);
        out.addAll(rest);
        return out;
    }

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("compute.gemm", "compute: GEMMs"),
            Map.entry("compute.attention", "compute: attention"),
            Map.entry("compute.experts", "compute: routed experts"),
            Map.entry("compute.elementwise", "compute: elementwise"),
            Map.entry("compute.router", "compute: router"),
            Map.entry("compute.head", "compute: output head"),
            Map.entry("compute.recompute", "compute: recomputation"),
            Map.entry("compute.smSharing", "compute: SMs lent to communication"),
            Map.entry("exposedComm.expert", "waits: MoE all-to-all"),
            Map.entry("exposedComm.tensor", "waits: tensor parallel"),
            Map.entry("exposedComm.context", "waits: context parallel"),
            Map.entry("exposedComm.zero", "waits: ZeRO-3 gathers"),
            Map.entry("exposedComm.dataParallel", "waits: gradient sync"),
            Map.entry("bubble", "pipeline bubble"),
            Map.entry("optimizer", "optimizer"));

    /** What a person reads for a {@code breakdownSeconds} key. */
    public static String breakdownLabel(String key) {
        return LABELS.getOrDefault(key, key);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // pipeline timeline

    /** A row of the timeline: which pipeline rank, and its label. */
    record Row(int index, String label) {
    }

    /** The stages result.json holds a timeline for (see ResultJson.representativeStages), as rows. */
    static List<Row> timelineRows(JsonNode result) {
        JsonNode ranks = result.path("step").path("timeline").path("pipelineRanks");
        int critical = result.path("step").path("criticalPipelineRank").asInt(-1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ranks.size(); i++) {
            JsonNode r = ranks.get(i);
            int stage = r.path("pipelineRank").asInt();
            rows.add(new Row(i, "stage " + stage + " (rank " + r.path("firstGlobalRank").asLong() + ")"
                    + (stage == critical ? " *critical" : "")));
        }
        return rows;
    }

    /**
     * Intervals as XY intervals: x from start to end in seconds, y around the row. Compute kinds come from
     * {@code compute}; where the compute stream is idle, "communication (compute waits)" if one of the rank's
     * communication streams is busy, else bubble; the strip under each row is the union of its communication.
     */
    public static JFreeChart pipelineTimeline(JsonNode result) {
        JsonNode ranks = result.path("step").path("timeline").path("pipelineRanks");
        if (!ranks.isArray() || ranks.isEmpty()) {
            return null;
        }
        List<Row> rows = timelineRows(result);
        Map<String, XYIntervalSeries> series = new LinkedHashMap<>();
        for (String name : List.of(FORWARD, BACKWARD, WEIGHT_GRADIENT, OPTIMIZER, EXPOSED_COMM, BUBBLE,
                COMM_STREAM)) {
            series.put(name, new XYIntervalSeries(name, false, true));
        }
        List<RankIntervals> perRow = new ArrayList<>();
        int total = 0;
        for (Row row : rows) {
            RankIntervals intervals = RankIntervals.of(ranks.get(row.index()));
            perRow.add(intervals);
            total += intervals.intervals().size();
        }
        long stepNs = Math.round(result.path("step").path("timeSeconds").asDouble() * 1e9);
        boolean columns = total > MAX_EXACT_INTERVALS;
        for (int row = 0; row < rows.size(); row++) {
            double y = row;
            if (columns) {
                for (RankIntervals.Column column : perRow.get(row).inColumns(stepNs, TIMELINE_COLUMNS)) {
                    double x0 = column.startNs() / 1e9;
                    double x1 = column.endNs() / 1e9;
                    double lo = y - ROW_HALF_TOP;
                    for (int k = 0; k < column.tenths().length; k++) {
                        double hi = lo + column.tenths()[k] * ROW_HEIGHT / RankIntervals.LEVELS;
                        if (column.tenths()[k] > 0) {
                            series.get(RankIntervals.ORDER.get(k)).add(x0, x0, x1, y, lo, hi);
                        }
                        lo = hi;
                    }
                    if (column.busy()) {
                        series.get(COMM_STREAM).add(x0, x0, x1, y, y + STRIP_TOP, y + STRIP_BOTTOM);
                    }
                }
                continue;
            }
            for (RankIntervals.Interval iv : perRow.get(row).intervals()) {
                boolean strip = iv.category().equals(COMM_STREAM);
                double lo = strip ? y + STRIP_TOP : y - ROW_HALF_TOP;
                double hi = strip ? y + STRIP_BOTTOM : y - ROW_HALF_TOP + ROW_HEIGHT;
                series.get(iv.category()).add(iv.startNs() / 1e9, iv.startNs() / 1e9, iv.endNs() / 1e9, y, lo, hi);
            }
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        series.values().forEach(data::addSeries);
        NumberAxis time = new NumberAxis("time in the step (s)");
        String[] labels = rows.stream().map(Row::label).toArray(String[]::new);
        SymbolAxis stages = new SymbolAxis(null, labels);
        stages.setInverted(true);
        stages.setGridBandsVisible(false);
        stages.setRange(-0.6, rows.size() - 0.4);
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        renderer.setShadowVisible(false);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setDrawBarOutline(false);
        XYPlot plot = new XYPlot(data, time, stages, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart); // before the paints: the theme resets them
        Color[] paints = {new Color(0x2e75b6), new Color(0x70ad47), new Color(0xffc000), OPTIMIZER_COLOR,
            new Color(0xed7d31), BUBBLE_COLOR, new Color(0x595959)};
        for (int i = 0; i < paints.length; i++) {
            renderer.setSeriesPaint(i, paints[i]);
        }
        renderer.setShadowVisible(false);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setDrawBarOutline(false);
        plot.setRangeGridlinesVisible(false);
        time.setRange(0, Math.max(1e-9, result.path("step").path("timeSeconds").asDouble()) * 1.005);
        return chart;
    }

    /** Whether the timeline is drawn in columns rather than interval by interval. */
    public static boolean timelineIsColumns(JsonNode result) {
        JsonNode ranks = result.path("step").path("timeline").path("pipelineRanks");
        int total = 0;
        for (JsonNode rank : ranks) {
            total += RankIntervals.of(rank).intervals().size();
        }
        return total > MAX_EXACT_INTERVALS;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // link utilisation

    /** One step line per tier: percent of the tier's achievable bandwidth per GPU, per bin. */
    public static JFreeChart linkUtilisation(JsonNode result) {
        JsonNode links = result.path("step").path("linkUtilisation");
        if (links.isMissingNode()) {
            return null;
        }
        double bin = links.path("binSeconds").asDouble();
        XYSeriesCollection data = new XYSeriesCollection();
        for (JsonNode tier : links.path("tiers")) {
            XYSeries s = new XYSeries(tier.path("tier").asString() + String.format(Locale.ROOT,
                    " (mean %.0f%%, peak %.0f%%)", 100 * tier.path("meanUtilisation").asDouble(),
                    100 * tier.path("peakUtilisation").asDouble()), false, true);
            JsonNode values = tier.path("utilisation");
            for (int i = 0; i < values.size(); i++) {
                s.add(i * bin, 100 * values.get(i).asDouble());
            }
            if (!values.isEmpty()) { // the last bin's value holds until the end of the step
                s.add(values.size() * bin, 100 * values.get(values.size() - 1).asDouble());
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(null, "time in the step (s)",
                "% of achievable bandwidth per GPU", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        XYStepRenderer renderer = new XYStepRenderer();
        renderer.setDefaultShapesVisible(false);
        renderer.setSeriesPaint(0, new Color(0x2e75b6));
        renderer.setSeriesPaint(1, new Color(0xc55a11));
        renderer.setSeriesStroke(0, new BasicStroke(1.6f));
        renderer.setSeriesStroke(1, new BasicStroke(1.6f));
        plot.setRenderer(renderer);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setLowerBound(0);
        y.setUpperBound(Math.max(100, y.getUpperBound()));
        ((NumberAxis) plot.getDomainAxis()).setLowerBound(0);
        return chart;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // memory

    /** Memory parts of result.json's memory.pipelineRanks[] and their labels, in stacking order. */
    public static final Map<String, String> MEMORY_PARTS = memoryParts();

    private static Map<String, String> memoryParts() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("weightBytes", "weights");
        parts.put("gradientBytes", "gradients");
        parts.put("optimizerBytes", "optimizer state");
        parts.put("activationBytes", "activations");
        parts.put("temporaryBytes", "temporary buffers");
        parts.put("reservedBytes", "runtime reserve");
        return java.util.Collections.unmodifiableMap(parts);
    }

    /** Stacked bars per pipeline stage in GiB, with the capacity as a line. */
    public static JFreeChart memory(JsonNode result) {
        JsonNode memory = result.path("memory");
        JsonNode ranks = memory.path("pipelineRanks");
        if (!ranks.isArray() || ranks.isEmpty()) {
            return null;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double peak = 0;
        for (JsonNode rank : ranks) {
            String stage = Integer.toString(rank.path("pipelineRank").asInt());
            for (var part : MEMORY_PARTS.entrySet()) {
                data.addValue(rank.path(part.getKey()).asDouble() / GIB, part.getValue(), stage);
            }
            peak = Math.max(peak, rank.path("totalBytes").asDouble() / GIB);
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(null, "pipeline stage", "GiB per GPU", data,
                PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        Color[] paints = {new Color(0x2e75b6), new Color(0x9dc3e6), new Color(0x7030a0), new Color(0x70ad47),
            new Color(0xffc000), new Color(0xa5a5a5)};
        for (int i = 0; i < paints.length; i++) {
            renderer.setSeriesPaint(i, paints[i]);
        }
        double capacity = memory.path("capacityBytes").asDouble() / GIB;
        ValueMarker line = new ValueMarker(capacity, new Color(0xc00000), new BasicStroke(2f));
        line.setLabel(String.format(Locale.ROOT, "HBM capacity %.0f GiB", capacity));
        line.setLabelFont(new Font("SansSerif", Font.PLAIN, 12));
        line.setLabelPaint(new Color(0xc00000));
        line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        line.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        line.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        plot.addRangeMarker(line);
        plot.getRangeAxis().setRange(0, Math.max(capacity, peak) * 1.12);
        CategoryAxis stages = plot.getDomainAxis();
        stages.setCategoryMargin(0.25);
        return chart;
    }

    static final double GIB = 1L << 30;

    // ---------------------------------------------------------------------------------------------------------------
    // cost

    /** Stacked bars for rental and ownership, one series per part, in millions of dollars. */
    public static JFreeChart cost(JsonNode result) {
        JsonNode cost = result.path("cost");
        JsonNode rental = cost.path("rental").path("parts");
        JsonNode ownership = cost.path("ownership").path("parts");
        if (rental.isEmpty() && ownership.isEmpty()) {
            return null;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String rentalBar = "rental";
        String ownershipBar = "ownership";
        for (JsonNode part : rental) {
            data.addValue(part.path("usd").asDouble() / 1e6, "rental: " + part.path("name").asString(), rentalBar);
        }
        for (JsonNode part : ownership) {
            data.addValue(part.path("usd").asDouble() / 1e6, "ownership: " + part.path("name").asString(),
                    ownershipBar);
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(null, null, "million US$", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        style(chart);
        BarRenderer renderer = (BarRenderer) chart.getCategoryPlot().getRenderer();
        renderer.setMaximumBarWidth(0.35);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, PART_COLORS[i % PART_COLORS.length]);
        }
        return chart;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // fleet reconciliation

    /** The label of the waterfall's closing bar, the sum of the steps. */
    public static final String WATERFALL_TOTAL = "fleet first-year cash cost";

    /** Waterfall: each reconciliation step, then the total, in millions of dollars. */
    public static JFreeChart fleetWaterfall(JsonNode result) {
        JsonNode steps = result.path("fleet").path("reconciliation");
        if (!steps.isArray() || steps.isEmpty()) {
            return null;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double total = 0;
        for (JsonNode step : steps) {
            double usd = step.path("usd").asDouble();
            total += usd;
            data.addValue(usd / 1e6, "US$", step.path("name").asString());
        }
        data.addValue(total / 1e6, "US$", WATERFALL_TOTAL);
        JFreeChart chart = ChartFactory.createWaterfallChart(null, null, "million US$", data,
                PlotOrientation.HORIZONTAL, false, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        WaterfallBarRenderer renderer = (WaterfallBarRenderer) plot.getRenderer();
        renderer.setFirstBarPaint(new Color(0x2e75b6));
        renderer.setPositiveBarPaint(new Color(0xed7d31));
        renderer.setNegativeBarPaint(new Color(0x70ad47));
        renderer.setLastBarPaint(new Color(0x1f4e79));
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.6);
        return chart;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // drawing

    static void style(JFreeChart chart) {
        StandardChartTheme theme = new StandardChartTheme("clustersim");
        theme.setExtraLargeFont(new Font("SansSerif", Font.BOLD, 16));
        theme.setLargeFont(new Font("SansSerif", Font.PLAIN, 13));
        theme.setRegularFont(new Font("SansSerif", Font.PLAIN, 12));
        theme.setSmallFont(new Font("SansSerif", Font.PLAIN, 11));
        theme.setBarPainter(new StandardBarPainter());
        theme.setXYBarPainter(new StandardXYBarPainter());
        theme.setShadowVisible(false);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setPlotOutlinePaint(new Color(0xbfbfbf));
        theme.setDomainGridlinePaint(new Color(0xe0e0e0));
        theme.setRangeGridlinePaint(new Color(0xe0e0e0));
        theme.setAxisLabelPaint(new Color(0x404040));
        theme.setTickLabelPaint(new Color(0x404040));
        theme.setLegendBackgroundPaint(Color.WHITE);
        theme.setLegendItemPaint(new Color(0x262626));
        theme.apply(chart);
        chart.setAntiAlias(true);
        chart.setPadding(new RectangleInsets(4, 4, 4, 8));
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setFrame(BlockBorder.NONE);
            legend.setPosition(RectangleEdge.BOTTOM);
        }
    }

    /**
     * The chart as an {@code <svg>} element that scales to its container (viewBox, no fixed size), with its defs
     * (clip paths) prefixed by the element id so several charts can share one page.
     */
    public static String svg(Chart chart) {
        SVGGraphics2D g2 = new SVGGraphics2D(chart.width(), chart.height());
        g2.setDefsKeyPrefix(chart.id() + "-");
        g2.setGeomDoubleConverter(ReportCharts::oneDecimal);
        chart.chart().draw(g2, new Rectangle(0, 0, chart.width(), chart.height()));
        return g2.getSVGElement(chart.id(), false, new ViewBox(0, 0, chart.width(), chart.height()), null, null);
    }

    /** Geometry to a tenth of a pixel: enough for the eye, and it keeps thousands of bars small. */
    static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        long whole = tenths / 10;
        long frac = Math.abs(tenths % 10);
        String sign = tenths < 0 && whole == 0 ? "-" : "";
        return frac == 0 ? sign + whole : sign + whole + "." + frac;
    }
}

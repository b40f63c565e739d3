package org.clustersim.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.clustersim.report.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportTest {

    static final String NAME = "<script>alert(1)</script>";
    static final String PHASE = "<img src=x onerror=alert(2)>";

    String html;
    JsonNode json;

    @BeforeAll
    void render() {
        json = Fixtures.resultJson(Fixtures.run(Fixtures.EXAMPLES.resolve("deepseek-v3-2048xH800.yaml"),
                "name=" + NAME, "description=Tom & Jerry's \"test\"", "training.phases[0].name=" + PHASE));
        html = HtmlReport.render(json);
    }

    @Test
    void userTextRendersAsTextNotMarkup() {
        String lower = html.toLowerCase(Locale.ROOT);
        assertThat(lower).doesNotContain("<script").doesNotContain("<img");
        assertThat(lower).doesNotContainPattern("<[^>]*\\sonerror\\s*="); // no event handler in any tag
        assertThat(html).contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>")
                .contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; · clustersim report</title>")
                .contains("Tom &amp; Jerry&#39;s &quot;test&quot;")
                .contains("&lt;img src=x onerror=alert(2)&gt;");
    }

    @Test
    void textInsideTheChartsIsEscapedToo() throws Exception {
        // the phase name is a category label of the step-time chart: drawn by JFreeSVG as SVG text
        List<String> svgs = svgElements(html);
        String breakdown = svgs.stream().filter(s -> s.contains("id='chart-step-breakdown'")).findFirst()
                .orElseThrow();
        assertThat(breakdown).contains("&lt;img src=x onerror=alert(2)&gt;");
        for (String svg : svgs) { // every chart is well-formed XML on its own: nothing leaked out of an attribute
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        }
    }

    @Test
    void everyChartIsInlineSvgAndNothingIsFetched() {
        for (String id : List.of("chart-step-breakdown", "chart-pipeline-timeline", "chart-link-utilisation",
                "chart-memory", "chart-cost")) {
            assertThat(html).contains("<svg id='" + id + "'");
        }
        String lower = html.toLowerCase(Locale.ROOT);
        assertThat(lower).doesNotContain("<link").doesNotContain("<script").doesNotContain("@import")
                .doesNotContain("url(http").doesNotContain("@font-face").doesNotContain("<image")
                .doesNotContain("<iframe").doesNotContain("<object").doesNotContain("<embed");
        // no tag refers to anything: no src or href attributes (escaped user text may say "src=", tags may not)
        assertThat(lower).doesNotContainPattern("<[^>]*\\s(src|href|xlink:href)\\s*=");
        // the only URLs are the SVG and XLink namespace names, which are never fetched
        Matcher urls = Pattern.compile("https?://[^\"' )<]+").matcher(html);
        while (urls.find()) {
            assertThat(urls.group()).isIn("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink",
                    "http://www.jfree.org/jfreesvg/svg");
        }
        // fonts in the charts are the generic family
        assertThat(html).doesNotContainPattern("font-family: ?\"?(DejaVu|Dialog|SansSerif)");
    }

    @Test
    void headlineNumbersComeFirstAndMatchTheResult() {
        int headline = html.indexOf("id=\"headline\"");
        assertThat(headline).isPositive().isLessThan(html.indexOf("id=\"time\""));
        assertThat(html.indexOf("id=\"time\"")).isLessThan(html.indexOf("id=\"cost\""));
        assertThat(html.indexOf("id=\"cost\"")).isLessThan(html.indexOf("id=\"assumptions\""));
        String days = String.format(Locale.ROOT, "%.1f days", json.path("run").path("wallClockDays").asDouble());
        assertThat(html.substring(headline, html.indexOf("id=\"time\""))).contains(days)
                .contains(Html.usd(json.path("cost").path("rentalUsd").asDouble()))
                .contains(Html.count(json.path("run").path("gpuHours").asDouble()));
    }

    @Test
    void everyAssumptionIsListedWithItsSourceOrMarkedAsAnAssumption() {
        int start = html.indexOf("id=\"assumptions\"");
        String section = html.substring(start, html.indexOf("</section>", start));
        for (JsonNode a : json.path("assumptions")) {
            assertThat(section).contains("<code>" + Html.escape(a.path("name").asString()) + "</code>");
            String source = a.path("source").asString();
            if (HtmlReport.isUnsourced(source)) {
                assertThat(section).containsPattern(Pattern.quote(Html.escape(a.path("name").asString()))
                        + "</code>.*?class=\"badge\">assumption");
            } else {
                assertThat(section).contains(Html.escape(source));
            }
        }
        assertThat(section).contains("tr class=\"assumed\"");
    }

    @Test
    void resolvedScenarioTableListsTheOverrides() {
        int start = html.indexOf("id=\"scenario\"");
        String section = html.substring(start, html.indexOf("</section>", start));
        assertThat(section).contains("<code>cluster.nodes</code></td><td>256</td>")
                .contains("--set training.phases[0].name=");
    }

    @Test
    void aComputeOnlyScenarioHasNoStepChartsButStillReports() {
        JsonNode minimal = Fixtures.resultJson(Fixtures.run(Fixtures.EXAMPLES.resolve("minimal.yaml")));
        String page = HtmlReport.render(minimal);
        assertThat(page).contains("No step was simulated").contains("<svg id='chart-cost'")
                .doesNotContain("chart-pipeline-timeline");
    }

    static List<String> svgElements(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}

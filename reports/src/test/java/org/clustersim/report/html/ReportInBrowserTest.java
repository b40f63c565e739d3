package org.clustersim.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.clustersim.scenario.files.AtomicFiles;
import org.clustersim.report.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The report opened in real headless Chromium: no console errors, no network requests but the file itself, every
 * chart present, and a screenshot that is not blank. A negative control proves the checks can fail. On a machine
 * without Chromium the test is skipped with how to install it, unless CLUSTERSIM_REQUIRE_BROWSER=true (CI), where a
 * missing browser fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportInBrowserTest {

    static final List<String> CHARTS = List.of("chart-step-breakdown", "chart-pipeline-timeline",
            "chart-link-utilisation", "chart-memory", "chart-cost", "chart-fleet-waterfall");
    static final String CHART_IDS = "JSON.stringify(Array.from(document.querySelectorAll('svg[id^=chart-]'))"
            + ".filter(e => e.getBoundingClientRect().width > 300 && e.getBoundingClientRect().height > 100"
            + " && e.querySelectorAll('rect,path,line,polyline,polygon').length > 10)"
            + ".map(e => e.id))";

    @TempDir
    Path dir;

    HeadlessChromium browser;

    @BeforeAll
    void start() throws Exception {
        Path chromium = HeadlessChromium.find();
        if (chromium == null) {
            String message = "Chromium not found at /usr/bin/chromium (or $CHROMIUM): the report's browser test "
                    + "needs it; install with: sudo apt-get install -y chromium";
            if ("true".equalsIgnoreCase(System.getenv("CLUSTERSIM_REQUIRE_BROWSER"))) {
                fail(message + " (CLUSTERSIM_REQUIRE_BROWSER=true: a missing browser is a failure)");
            }
            System.out.println("SKIPPED: " + message);
            skipReason = message;
            return;
        }
        browser = new HeadlessChromium(chromium);
    }

    String skipReason;

    @BeforeEach
    void requireBrowser() {
        Assumptions.assumeTrue(skipReason == null, () -> skipReason);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theReportOpensOfflineWithoutErrorsAndShowsEveryChart() throws Exception {
        JsonNode json = Fixtures.resultJson(Fixtures.run(Fixtures.EXAMPLES.resolve("deepseek-fleet-50k.yaml")));
        Path report = dir.resolve("report.html");
        AtomicFiles.writeString(report, HtmlReport.render(json));
        String url = report.toUri().toString();

        HeadlessChromium.PageCheck page = browser.open(url, CHART_IDS);

        assertThat(page.consoleErrors()).as("console errors").isEmpty();
        assertThat(page.requests()).as("network requests").containsOnly(url);
        List<String> charts = new ArrayList<>();
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(page.evaluated().asString())
                .forEach(n -> charts.add(n.asString()));
        assertThat(charts).containsExactlyElementsOf(CHARTS);
        assertNotBlank(page.screenshot());
        javax.imageio.ImageIO.write(page.screenshot(), "png", dir.resolve("screenshot.png").toFile());
    }

    @Test
    void negativeControlTheChecksCatchAnExternalRequestAndAConsoleError() throws Exception {
        Path bad = dir.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><h1>bad page</h1>"
                + "<img src=\"http://127.0.0.1:9/pixel.png\" alt=\"\">"
                + "<script>console.error('deliberate error')</script></body></html>");
        HeadlessChromium.PageCheck page = browser.open(bad.toUri().toString(), "document.title");
        assertThat(page.consoleErrors()).anySatisfy(e -> assertThat(e).contains("deliberate error"));
        assertThat(page.requests()).contains("http://127.0.0.1:9/pixel.png");
    }

    @Test
    void negativeControlABlankPageIsBlank() throws Exception {
        Path blank = dir.resolve("blank.html");
        Files.writeString(blank, "<!DOCTYPE html><html><body style=\"background:#fff\"></body></html>");
        HeadlessChromium.PageCheck page = browser.open(blank.toUri().toString(), "1");
        assertThat(distinctColours(page.screenshot())).isLessThanOrEqualTo(1);
    }

    /** A rendered page has text and charts: many colours, and a fair share of pixels that are not background. */
    static void assertNotBlank(BufferedImage image) {
        assertThat(image.getWidth()).isGreaterThan(500);
        assertThat(distinctColours(image)).isGreaterThan(50);
        int background = image.getRGB(0, 0);
        long ink = 0;
        long all = 0;
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                all++;
                if (image.getRGB(x, y) != background && image.getRGB(x, y) != 0xffffffff) {
                    ink++;
                }
            }
        }
        assertThat((double) ink / all).isGreaterThan(0.02);
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}

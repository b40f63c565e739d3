package org.clustersim.scenario.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    static final long MINUTE = 60_000_000_000L;

    static PointResult result(PointResult.Status status) {
        return PointResult.failed("id", new SweepPoint(0, Map.of()), 1, "h", "v", status, null, 0);
    }

    @Test
    void plainLinesAtTheIntervalWithRateAndTimeLeft() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        // an hour between lines of the ticker, so only the fake clock decides here
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text), false, 3600, now::get);
        progress.start(100, 20);
        assertThat(text.toString()).isEqualTo("sweep: 20 of 100 points already done, running 80\n");
        now.set(MINUTE);
        progress.pointDone(result(PointResult.Status.OK));
        assertThat(text.toString()).hasLineCount(1); // not an hour yet
        for (int i = 0; i < 9; i++) {
            progress.pointDone(result(i < 2 ? PointResult.Status.INVALID : PointResult.Status.OK));
        }
        now.set(61 * MINUTE);
        progress.pointDone(result(PointResult.Status.ERROR)); // 11 done in 61 minutes; 69 left
        String line = text.toString().lines().skip(1).findFirst().orElseThrow();
        assertThat(line).isEqualTo("sweep: 31/100 points (31%), 0.2 points/min, about 6h22m left, 2 invalid, 1 errors");
        progress.finish();
        assertThat(text.toString()).endsWith("sweep: 31/100 points done, 11 run in 1h01m (0.2 points/min): 8 ok, "
                + "2 invalid, 1 errors\n").doesNotContain("\r");
    }

    @Test
    void aBarRedrawnInPlaceOnATerminal() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text), true, 10, now::get);
        progress.start(4, 0);
        now.set(MINUTE);
        progress.pointDone(result(PointResult.Status.OK));
        progress.pointDone(result(PointResult.Status.OK));
        progress.finish();
        assertThat(text.toString()).startsWith("\r[------------------------] 0/4   0%  rate pending  time left pending")
                .contains("\r[############------------] 2/4  50%  2.0 points/min  about 1m00s left")
                .endsWith("\nsweep: 2/4 points done, 2 run in 1m00s (2.0 points/min): 2 ok, 0 invalid, 0 errors\n");
    }

    @Test
    void durations() {
        assertThat(ConsoleProgress.duration(42)).isEqualTo("42s");
        assertThat(ConsoleProgress.duration(61)).isEqualTo("1m01s");
        assertThat(ConsoleProgress.duration(3 * 3600 + 5 * 60)).isEqualTo("3h05m");
    }
}

package org.clustersim.scenario.sweep;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress on stderr: on a terminal a bar redrawn in place with the rate and the time left; otherwise (a log file, a
 * batch job's output) a plain line every {@code lineIntervalSeconds}, so logs stay readable.
 */
public final class ConsoleProgress implements SweepProgress {

    private static final int BAR_WIDTH = 24;
    private static final long BAR_REFRESH_MILLIS = 250;

    private final PrintWriter err;
    private final boolean terminal;
    private final long lineIntervalNanos;
    private final LongSupplier clock;
    private ScheduledExecutorService ticker;
    private int total;
    private int skipped;
    private int done;
    private int invalid;
    private int errors;
    private long startNanos;
    private long lastLineNanos;
    private int lastWidth;
    private boolean finished;

    /**
     * @param terminal            draw a bar (stderr is a terminal) rather than lines
     * @param lineIntervalSeconds seconds between plain lines
     */
    public ConsoleProgress(PrintWriter err, boolean terminal, double lineIntervalSeconds) {
        this(err, terminal, lineIntervalSeconds, System::nanoTime);
    }

    ConsoleProgress(PrintWriter err, boolean terminal, double lineIntervalSeconds, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.lineIntervalNanos = (long) (lineIntervalSeconds * 1e9);
        this.clock = clock;
    }

    @Override
    public synchronized void start(int total, int alreadyDone) {
        this.total = total;
        this.skipped = alreadyDone;
        this.startNanos = clock.getAsLong();
        this.lastLineNanos = startNanos;
        if (alreadyDone > 0) {
            println(String.format(Locale.ROOT, "sweep: %d of %d points already done, running %d", alreadyDone, total,
                    total - alreadyDone));
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clustersim-sweep-progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? BAR_REFRESH_MILLIS : Math.max(1, lineIntervalNanos / 1_000_000);
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        if (terminal) {
            draw();
        }
    }

    @Override
    public synchronized void pointDone(PointResult result) {
        done++;
        if (result.status() == PointResult.Status.INVALID) {
            invalid++;
        } else if (result.status() == PointResult.Status.ERROR) {
            errors++;
        }
        if (!terminal && clock.getAsLong() - lastLineNanos >= lineIntervalNanos) {
            line();
        }
    }

    private synchronized void tick() {
        if (finished) {
            return; // a tick that was already waiting when the run ended
        }
        if (terminal) {
            draw();
        } else if (clock.getAsLong() - lastLineNanos >= lineIntervalNanos) {
            line();
        }
    }

    @Override
    public synchronized void finish() {
        finished = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (terminal) {
            draw();
            err.println();
        }
        double seconds = (clock.getAsLong() - startNanos) / 1e9;
        println(String.format(Locale.ROOT, "sweep: %d/%d points done, %d run in %s (%s): %d ok, %d invalid, %d errors",
                skipped + done, total, done, duration(seconds), rate(seconds), done - invalid - errors, invalid,
                errors));
    }

    private void line() {
        lastLineNanos = clock.getAsLong();
        double seconds = (lastLineNanos - startNanos) / 1e9;
        println(String.format(Locale.ROOT, "sweep: %d/%d points (%.0f%%), %s, %s, %d invalid, %d errors",
                skipped + done, total, percent(), rate(seconds), left(seconds), invalid, errors));
    }

    private void draw() {
        double seconds = (clock.getAsLong() - startNanos) / 1e9;
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * (skipped + done) / total);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        String text = String.format(Locale.ROOT, "\r[%s] %d/%d %3.0f%%  %s  %s%s", bar, skipped + done, total,
                percent(), rate(seconds), left(seconds),
                invalid + errors == 0 ? "" : String.format(Locale.ROOT, "  (%d invalid, %d errors)", invalid, errors));
        int width = text.length();
        err.print(text + " ".repeat(Math.max(0, lastWidth - width)));
        lastWidth = width;
        err.flush();
    }

    private double percent() {
        return total == 0 ? 100 : 100.0 * (skipped + done) / total;
    }

    private String rate(double seconds) {
        if (done == 0 || seconds <= 0) {
            return "rate pending";
        }
        return String.format(Locale.ROOT, "%.1f points/min", 60 * done / seconds);
    }

    private String left(double seconds) {
        int remaining = total - skipped - done;
        if (remaining == 0) {
            return "0s left";
        }
        if (done == 0 || seconds <= 0) {
            return "time left pending";
        }
        return "about " + duration(remaining * seconds / done) + " left";
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }

    private void println(String text) {
        err.println(text);
        err.flush();
    }
}

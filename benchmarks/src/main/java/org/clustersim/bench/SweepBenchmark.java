package org.clustersim.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.run.ScenarioRunner;
import org.clustersim.scenario.step.ConcurrentStepCache;
import org.clustersim.scenario.step.StepCache;
import org.clustersim.scenario.sweep.LocalPointExecutor;
import org.clustersim.scenario.sweep.PointRunner;
import org.clustersim.scenario.sweep.ResultsStore;
import org.clustersim.scenario.sweep.Shard;
import org.clustersim.scenario.sweep.Sweep;
import org.clustersim.scenario.sweep.SweepHeader;
import org.clustersim.scenario.sweep.SweepLoader;
import org.clustersim.scenario.sweep.SweepPoint;
import org.clustersim.scenario.sweep.SweepProgress;
import org.clustersim.scenario.sweep.SweepRun;

/**
 * Sweep speed, as a benchmark main (whole sweeps are seconds to minutes, beyond what JMH iterations suit). Run from
 * the repository root: {@code java -cp benchmarks/target/benchmarks.jar org.clustersim.bench.SweepBenchmark}.
 *
 * <ol>
 *   <li><b>Overhead per point</b>: N DeepSeek-V3 points that share one cached step (a price axis), run as a sweep
 *   (one thread: load, hash, run, JSON line appended and flushed) and as N direct {@code ScenarioRunner} calls on the
 *   same warm cache, rounds alternating; the difference per point against the single-point time.</li>
 *   <li><b>Threads</b>: the same N points with the cache off (every point simulates its steps), 1 thread vs 2
 *   threads; and the shipped 200-point price-and-hardware sweep (fresh cache each run), 1 vs 2 threads.</li>
 *   <li><b>Points per minute</b> of the 200-point sweep on all cores.</li>
 * </ol>
 */
public final class SweepBenchmark {

    static final Path BASE = RepoFiles.path("scenarios/examples/deepseek-v3-2048xH800.yaml");
    static final Path SWEEP = RepoFiles.path("scenarios/examples/sweeps/deepseek-v3-price-and-hardware.yaml");
    static final String VERSION = "benchmark";

    private SweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String only = args.length > 2 ? args[2] : "all";
        ScenarioLoader loader = new ScenarioLoader();
        Path dir = Files.createTempDirectory("sweep-bench");
        System.out.printf(Locale.ROOT, "cores %d, N %d, rounds %d, load average at start %s%n",
                Runtime.getRuntime().availableProcessors(), n, rounds, loadAverage());

        if (only.equals("all") || only.equals("overhead")) {
            overhead(loader, dir, n, rounds);
        }
        if (only.equals("all") || only.equals("threads")) {
            threads(loader, dir, n, rounds);
        }
        if (only.equals("all") || only.equals("threads") || only.equals("machine")) {
            machine();
        }
        System.out.printf(Locale.ROOT, "load average at end %s%n", loadAverage());
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static Sweep prices(ScenarioLoader loader, int n) {
        return new SweepLoader(loader).load(BASE, new SweepLoader.Request(
                List.of("costs.gpuHourPrice=$1/GPU-h.." + "$" + n + "/GPU-h:1"), List.of(), null, List.of()));
    }

    static void overhead(ScenarioLoader loader, Path dir, int n, int rounds) throws Exception {
        // 1. overhead per point
        Sweep prices = prices(loader, n);
        ConcurrentStepCache warm = new ConcurrentStepCache(64);
        ScenarioRunner direct = new ScenarioRunner(VERSION, loader.catalog(), warm);
        double single = seconds(() -> new ScenarioRunner(VERSION, loader.catalog())
                .run(loader.load(BASE, prices.point(0).arguments())));
        direct.run(loader.load(BASE, prices.point(0).arguments())); // fills the cache
        List<SweepPoint> points = prices.points(Shard.ALL);
        double[] directTimes = new double[rounds];
        double[] sweepTimes = new double[rounds];
        for (int warmup = 0; warmup < 2; warmup++) {
            runDirect(direct, loader, points);
            runSweep(prices, loader, warm, 1, dir.resolve("warm" + warmup + ".jsonl"));
        }
        for (int r = 0; r < rounds; r++) {
            Path out = dir.resolve("overhead" + r + ".jsonl");
            // ABBA: alternate which goes first, so drift in the machine's load hits both alike
            if (r % 2 == 0) {
                directTimes[r] = seconds(() -> runDirect(direct, loader, points));
                sweepTimes[r] = seconds(() -> runSweep(prices, loader, warm, 1, out));
            } else {
                sweepTimes[r] = seconds(() -> runSweep(prices, loader, warm, 1, out));
                directTimes[r] = seconds(() -> runDirect(direct, loader, points));
            }
        }
        double directPerPoint = median(directTimes) / n;
        double sweepPerPoint = median(sweepTimes) / n;
        double overhead = sweepPerPoint - directPerPoint;
        System.out.printf(Locale.ROOT, "single point, uncached (first, cold):        %8.1f ms%n", single * 1e3);
        System.out.printf(Locale.ROOT, "cached point, direct ScenarioRunner (median): %8.1f ms  rounds %s%n",
                directPerPoint * 1e3, perPoint(directTimes, n));
        System.out.printf(Locale.ROOT, "cached point, in a sweep (median):            %8.1f ms  rounds %s%n",
                sweepPerPoint * 1e3, perPoint(sweepTimes, n));
        double uncached = medianUncached(loader, points.subList(0, Math.min(3, n)));
        System.out.printf(Locale.ROOT, "single point, uncached (median of 3, warm):   %8.1f ms%n", uncached * 1e3);
        System.out.printf(Locale.ROOT, "overhead per point: %.2f ms = %.2f%% of an uncached point, %.2f%% of a cached "
                + "one%n", overhead * 1e3, 100 * overhead / uncached, 100 * overhead / directPerPoint);
        double minOverhead = (min(sweepTimes) - min(directTimes)) / n;
        System.out.printf(Locale.ROOT, "overhead per point from the fastest rounds: %.2f ms = %.2f%% of an uncached "
                + "point%n", minOverhead * 1e3, 100 * minOverhead / uncached);

        // 1b. the same, paired point by point: each point run directly and through the sweep's path (PointRunner:
        // override, hash, load, run; then its JSON line appended to an open results file), order alternating
        int pairs = Math.max(40, 4 * n);
        double[] pairedDirect = new double[pairs];
        double[] pairedOverhead = new double[pairs];
        PointRunner pointRunner = new PointRunner(prices, loader, VERSION, warm);
        try (ResultsStore store = ResultsStore.open(dir.resolve("paired.jsonl"),
                SweepHeader.of(prices, Shard.ALL, VERSION))) {
            for (int i = 0; i < pairs; i++) {
                SweepPoint p = points.get(i % points.size());
                Work d = () -> direct.run(loader.load(BASE, p.arguments()));
                Work viaSweep = () -> store.append(pointRunner.run(p));
                double td;
                double ts;
                if (i % 2 == 0) {
                    td = cpuSeconds(d);
                    ts = cpuSeconds(viaSweep);
                } else {
                    ts = cpuSeconds(viaSweep);
                    td = cpuSeconds(d);
                }
                pairedDirect[i] = td;
                pairedOverhead[i] = ts - td;
            }
        }
        double pairedMedian = median(pairedOverhead);
        double uncachedCpu = medianUncachedCpu(loader, points.subList(0, Math.min(5, n)));
        System.out.printf(Locale.ROOT, "paired, %d points, thread CPU time: direct cached point median %.2f ms, "
                + "uncached point median %.2f ms; sweep minus direct median %.3f ms (mean %.3f ms) = %.2f%% of an "
                + "uncached point, %.2f%% of a cached one%n", pairs, median(pairedDirect) * 1e3, uncachedCpu * 1e3,
                pairedMedian * 1e3, mean(pairedOverhead) * 1e3, 100 * pairedMedian / uncachedCpu,
                100 * pairedMedian / median(pairedDirect));

    }

    static void threads(ScenarioLoader loader, Path dir, int n, int rounds) throws Exception {
        Sweep prices = prices(loader, n);
        // 2. threads, every point simulating its steps
        double[] one = new double[rounds];
        double[] two = new double[rounds];
        runSweep(prices, loader, StepCache.NONE, 2, dir.resolve("u-warm.jsonl"));
        for (int r = 0; r < rounds; r++) {
            int round = r;
            Work a = () -> one[round] = seconds(() -> runSweep(prices, loader, StepCache.NONE, 1,
                    dir.resolve("u1-" + round + ".jsonl")));
            Work b = () -> two[round] = seconds(() -> runSweep(prices, loader, StepCache.NONE, 2,
                    dir.resolve("u2-" + round + ".jsonl")));
            abba(r, a, b);
        }
        System.out.printf(Locale.ROOT, "uncached %d points: 1 thread %.2f s, 2 threads %.2f s (medians): %.2fx; "
                + "fastest rounds %.2f s / %.2f s: %.2fx  rounds 1t %s 2t %s%n", n, median(one), median(two),
                median(one) / median(two), min(one), min(two), min(one) / min(two), seconds(one), seconds(two));

        // 2b and 3. the shipped 200-point sweep, fresh cache per run
        Sweep shipped = new SweepLoader(loader).load(SWEEP, SweepLoader.Request.none());
        int cores = Runtime.getRuntime().availableProcessors();
        int shippedRounds = Math.max(2, rounds / 2);
        double[] s1 = new double[shippedRounds];
        double[] s2 = new double[shippedRounds];
        runSweep(shipped, loader, new ConcurrentStepCache(64), 2, dir.resolve("s-warm.jsonl"));
        for (int r = 0; r < shippedRounds; r++) {
            int round = r;
            Work a = () -> s1[round] = seconds(() -> runSweep(shipped, loader, new ConcurrentStepCache(64), 1,
                    dir.resolve("s1-" + round + ".jsonl")));
            Work b = () -> s2[round] = seconds(() -> runSweep(shipped, loader, new ConcurrentStepCache(64), 2,
                    dir.resolve("s2-" + round + ".jsonl")));
            abba(round, a, b);
        }
        System.out.printf(Locale.ROOT, "200-point sweep: 1 thread %.1f s, 2 threads %.1f s (medians): %.2fx; "
                + "fastest rounds %.1f s / %.1f s: %.2fx  rounds 1t %s 2t %s%n", median(s1), median(s2),
                median(s1) / median(s2), min(s1), min(s2), min(s1) / min(s2), seconds(s1), seconds(s2));
        double all = seconds(() -> runSweep(shipped, loader, new ConcurrentStepCache(64), cores,
                dir.resolve("all.jsonl")));
        System.out.printf(Locale.ROOT, "200-point sweep on %d cores: %.1f s = %.0f points/min%n", cores, all,
                shipped.pointCount() * 60 / all);
    }

    /**
     * The machine's own scaling, as a control beside the sweep's: the same fixed work per thread, run by 1 and by 2
     * threads at once (equal times = perfect scaling), for a floating-point loop that stays in registers and for a
     * loop of lookups in a 100,000-entry HashMap, which misses cache like an object-heavy simulation does.
     */
    static void machine() throws Exception {
        for (String kind : List.of("floating-point loop", "HashMap lookups")) {
            double[] one = new double[3];
            double[] two = new double[3];
            for (int r = 0; r < 3; r++) {
                int round = r;
                abba(r, () -> one[round] = parallel(kind, 1), () -> two[round] = parallel(kind, 2));
            }
            System.out.printf(Locale.ROOT, "machine control, %s: 1 thread %.2f s, 2 threads (twice the work) %.2f s "
                    + "(fastest rounds): 2 threads do %.2fx the work per second of 1%n", kind, min(one), min(two),
                    2 * min(one) / min(two));
        }
    }

    static double parallel(String kind, int threads) throws Exception {
        Thread[] workers = new Thread[threads];
        double[] sinks = new double[threads];
        long t = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            int slot = i;
            workers[i] = new Thread(() -> sinks[slot] = kind.startsWith("floating") ? floatingPoint(300_000_000L)
                    : hashMapLookups(40_000_000L));
            workers[i].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        if (Arrays.stream(sinks).sum() == 42) {
            System.out.print(""); // keeps the work observable
        }
        return seconds;
    }

    static double floatingPoint(long n) {
        double s = 0;
        for (long i = 0; i < n; i++) {
            s += Math.sqrt(1.0001 * i + 1.0) / (i + 1.5);
        }
        return s;
    }

    static double hashMapLookups(long n) {
        java.util.Map<Long, Double> map = new java.util.HashMap<>();
        for (long i = 0; i < 100_000; i++) {
            map.put(i, (double) i);
        }
        double s = 0;
        long x = 1;
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L; // a cheap random walk over the keys
            s += map.get(Math.floorMod(x >>> 17, 100_000L));
        }
        return s;
    }

    interface Work {
        void run() throws Exception;
    }

    static double seconds(Work work) throws Exception {
        long t = System.nanoTime();
        work.run();
        return (System.nanoTime() - t) / 1e9;
    }

    /** Milliseconds all garbage collectors have spent so far (pauses and, for G1, its concurrent cycles' pauses). */
    static long gcMillis() {
        long total = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    static void runDirect(ScenarioRunner runner, ScenarioLoader loader, List<SweepPoint> points) {
        for (SweepPoint p : points) {
            runner.run(loader.load(BASE, p.arguments()));
        }
    }

    static void runSweep(Sweep sweep, ScenarioLoader loader, StepCache cache, int threads, Path out)
            throws Exception {
        Files.deleteIfExists(out);
        PointRunner runner = new PointRunner(sweep, loader, VERSION, cache);
        SweepRun.Summary s = SweepRun.run(sweep, Shard.ALL, out, VERSION, new LocalPointExecutor(runner, threads),
                SweepProgress.none());
        if (s.ran() != sweep.pointCount() || s.ok() != sweep.pointCount()) {
            throw new IllegalStateException("sweep did not run every point: " + s);
        }
    }

    /** CPU time of this thread: what the work itself cost, whatever else the machine is running. */
    static double cpuSeconds(Work work) throws Exception {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long t = bean.getCurrentThreadCpuTime();
        work.run();
        return (bean.getCurrentThreadCpuTime() - t) / 1e9;
    }

    static double medianUncachedCpu(ScenarioLoader loader, List<SweepPoint> points) throws Exception {
        double[] times = new double[points.size()];
        ScenarioRunner runner = new ScenarioRunner(VERSION, loader.catalog());
        for (int i = 0; i < times.length; i++) {
            SweepPoint p = points.get(i);
            times[i] = cpuSeconds(() -> runner.run(loader.load(BASE, p.arguments())));
        }
        return median(times);
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    static double medianUncached(ScenarioLoader loader, List<SweepPoint> points) throws Exception {
        List<Double> times = new ArrayList<>();
        ScenarioRunner runner = new ScenarioRunner(VERSION, loader.catalog());
        for (SweepPoint p : points) {
            times.add(seconds(() -> runner.run(loader.load(BASE, p.arguments()))));
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }

    static void abba(int round, Work a, Work b) throws Exception {
        long gc = gcMillis();
        if (round % 2 == 0) {
            a.run();
            b.run();
        } else {
            b.run();
            a.run();
        }
        System.out.printf(Locale.ROOT, "  round %d: GC %d ms, load average %s%n", round, gcMillis() - gc,
                loadAverage());
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static String seconds(double[] values) {
        StringBuilder out = new StringBuilder("[");
        for (double t : values) {
            out.append(out.length() == 1 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", t));
        }
        return out.append(" s]").toString();
    }

    static String perPoint(double[] totals, int n) {
        StringBuilder out = new StringBuilder("[");
        for (double t : totals) {
            out.append(out.length() == 1 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", t * 1e3 / n));
        }
        return out.append(" ms]").toString();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }
}

package org.clustersim.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.clustersim.error.UserError;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.step.ConcurrentStepCache;
import org.clustersim.scenario.sweep.Axis;
import org.clustersim.scenario.sweep.ConsoleProgress;
import org.clustersim.scenario.sweep.LocalPointExecutor;
import org.clustersim.scenario.sweep.PointExecutor;
import org.clustersim.scenario.sweep.PointRunner;
import org.clustersim.scenario.sweep.Shard;
import org.clustersim.scenario.sweep.Sweep;
import org.clustersim.scenario.sweep.SweepLoader;
import org.clustersim.scenario.sweep.SweepPoint;
import org.clustersim.scenario.sweep.SweepProgress;
import org.clustersim.scenario.sweep.SweepRun;
import org.clustersim.scenario.sweep.SweepSpec;
import org.clustersim.scenario.sweep.cluster.ClusterOptions;
import org.clustersim.scenario.sweep.cluster.ClusterPointExecutor;
import org.clustersim.scenario.sweep.cluster.SweepWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a what-if sweep: a base scenario and axes of values; every combination is one point.",
                "Each finished point is appended to a JSON-lines results file at once (rerun the same command to "
                        + "resume after an interruption), and a CSV table is written at the end."})
final class SweepCommand implements Callable<Integer> {

    /** Steps kept in memory per process: a step holds its timeline, and sweeps rarely have more distinct ones. */
    static final int STEP_CACHE_CAPACITY = 256;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "A sweep file (base + axes), or a scenario file with --axis options.")
    String file;

    @Option(names = "--axis", paramLabel = "PATH=VALUES",
            description = {"An axis (repeatable): a list (cluster.gpu=H800,H100,H20), a range (cluster.nodes=256..1024:256,"
                    + " cluster.nodes=128..2048:x2, costs.gpuHourPrice=$1/GPU-h..$4/GPU-h:0.5) or every catalog preset "
                    + "(cluster.gpu=@gpus, model=@models)."})
    List<String> axes = new ArrayList<>();

    @Option(names = "--zip", paramLabel = "PATH,PATH...",
            description = "Axes whose values go together, value by value (repeatable); the rest form a grid.")
    List<String> zip = new ArrayList<>();

    @Option(names = "--combine", paramLabel = "grid|zip",
            description = "grid (default): every combination; zip: the i-th values of all axes together.")
    SweepSpec.Combine combine;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override a value in every point (repeatable).")
    List<String> set = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.jsonl",
            description = "Results file (default NAME.jsonl, NAME.shard-K-of-N.jsonl with --shard); the CSV goes beside it.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Points run at once (default: all cores).")
    Integer threads;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Run only shard K of N (points whose index is K-1 modulo N), for batch job arrays.")
    String shard;

    @Option(names = "--dry-run", description = "List the expanded points and their count; run nothing.")
    boolean dryRun;

    @Option(names = "--progress", paramLabel = "auto|bar|lines|none", defaultValue = "auto",
            description = "Progress on stderr: a bar on a terminal, plain lines otherwise (default auto).")
    ProgressMode progress;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds between plain progress lines (default 10).")
    double progressInterval;

    @Option(names = "--cluster",
            description = "Run on a Hazelcast cluster: this process starts an embedded member; with --members it "
                    + "joins others. Results still go to this process's file.")
    boolean cluster;

    @Option(names = "--members", paramLabel = "HOST:PORT,...",
            description = "Members of the sweep's cluster to join (with --cluster).")
    String members;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address the member listens on and announces (with --cluster), e.g. 127.0.0.1.")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "5701",
            description = "First port the member tries (with --cluster; default 5701, then upwards).")
    int port;

    @Option(names = "--worker",
            description = "With --cluster: only run points for the submitter of this same sweep, until it finishes.")
    boolean worker;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    ClusterSim root;

    enum ProgressMode { AUTO, BAR, LINES, NONE }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        ScenarioLoader loader = new ScenarioLoader();
        Sweep sweep = new SweepLoader(loader).load(resolve(file),
                new SweepLoader.Request(axes, zip, combine, set));
        Shard selected = shard == null ? Shard.ALL : Shard.parse(shard);
        if (dryRun) {
            printPoints(stdout, sweep, selected);
            return ExitCodes.OK;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int n = threads != null ? threads : cores;
        PointRunner runner = new PointRunner(sweep, loader, ClusterSim.version(),
                new ConcurrentStepCache(STEP_CACHE_CAPACITY));
        if (worker) {
            return serve(runner, n, err);
        }
        Path results = out != null ? out : Path.of(defaultFileName(sweep, selected));
        SweepProgress shown = progress(err);
        err.printf(Locale.ROOT, "clustersim: sweep '%s' (id %s): %d points%s, %s%n", sweep.name(), sweep.id(),
                sweep.pointCount(), selected.isAll() ? "" : ", shard " + selected, cluster
                        ? "on a Hazelcast cluster" : n + " thread" + (n == 1 ? "" : "s"));
        SweepRun.Summary summary;
        if (cluster) {
            try (ClusterPointExecutor executor = ClusterPointExecutor.start(runner, clusterOptions(n))) {
                err.printf("clustersim: member %s of cluster %s%n",
                        executor.instance().getCluster().getLocalMember().getAddress(),
                        executor.instance().getConfig().getClusterName());
                if (members != null && executor.instance().getCluster().getMembers().size() == 1) {
                    err.printf("clustersim: warning: no member of this sweep answered at %s; running alone (workers "
                            + "can still join)%n", members);
                }
                summary = SweepRun.run(sweep, selected, results, ClusterSim.version(), executor, shown);
                if (executor.reassigned() > 0) {
                    err.printf("clustersim: %d points re-run after their member left%n", executor.reassigned());
                }
            }
        } else {
            PointExecutor executor = new LocalPointExecutor(runner, n);
            summary = SweepRun.run(sweep, selected, results, ClusterSim.version(), executor, shown);
        }
        if (summary.droppedTornLine()) {
            err.println("clustersim: the results file ended in a partial line (an interrupted write); it was dropped "
                    + "and its point run again");
        }
        if (summary.corruptLines() > 0) {
            err.printf("clustersim: warning: %d unreadable lines in %s were skipped%n", summary.corruptLines(),
                    results);
        }
        stdout.printf(Locale.ROOT, "%s: %s: %d ok, %d invalid, %d errors (%d run now, %d from earlier runs)%n",
                sweep.name(), selected.isAll() ? summary.points() + " points"
                        : "shard " + selected + ", " + summary.points() + " of " + sweep.pointCount() + " points",
                summary.ok(), summary.invalid(), summary.errors(), summary.ran(), summary.alreadyDone());
        stdout.printf("results: %s%ntable:   %s%n", summary.results(), summary.csv());
        stdout.flush();
        if (summary.errors() > 0) {
            err.println("clustersim: some points failed with internal errors (a bug); their reasons are in the "
                    + "results; rerun the sweep to retry them");
            return ExitCodes.INTERNAL_ERROR;
        }
        return ExitCodes.OK;
    }

    private void checkOptions() {
        if (!cluster && (worker || members != null || bind != null)) {
            throw new UserError("--worker, --members and --bind need --cluster", "add --cluster");
        }
        if (threads != null && threads < 1) {
            throw new UserError("--threads must be at least 1, not " + threads, "e.g. --threads 4");
        }
        if (!(progressInterval > 0)) {
            throw new UserError("--progress-interval must be positive", "e.g. --progress-interval 30");
        }
        if (worker && out != null) {
            throw new UserError("a worker writes no results (the submitter does)", "remove --out");
        }
    }

    private ClusterOptions clusterOptions(int n) {
        return new ClusterOptions(ClusterOptions.parseMembers(members), bind, port, n, root != null && root.debug);
    }

    private int serve(PointRunner runner, int n, PrintWriter err) throws InterruptedException {
        try (SweepWorker member = SweepWorker.start(runner, clusterOptions(n))) {
            err.printf("clustersim: worker %s in cluster %s (sweep '%s'), %d threads; waiting for points%n",
                    member.address(), member.instance().getConfig().getClusterName(), runner.sweep().name(), n);
            err.flush();
            member.awaitEnd();
            err.println("clustersim: the submitter left; worker done");
        }
        return ExitCodes.OK;
    }

    private SweepProgress progress(PrintWriter err) {
        return switch (progress) {
            case NONE -> SweepProgress.none();
            case BAR -> new ConsoleProgress(err, true, progressInterval);
            case LINES -> new ConsoleProgress(err, false, progressInterval);
            case AUTO -> new ConsoleProgress(err, Terminal.stderrIsTerminal(), progressInterval);
        };
    }

    static String defaultFileName(Sweep sweep, Shard shard) {
        String name = sweep.name().replaceAll("[^A-Za-z0-9._-]", "_");
        return shard.isAll() ? name + ".jsonl"
                : name + ".shard-" + shard.index() + "-of-" + shard.count() + ".jsonl";
    }

    /** A path as given, a shipped example's name, or a shipped sweep's name (scenarios/examples/sweeps). */
    static Path resolve(String file) {
        Path path = ScenarioOptions.resolve(file);
        if (Files.exists(path)) {
            return path;
        }
        for (String ext : new String[] {"", ".yaml", ".yml"}) {
            Path candidate = Path.of("scenarios/examples/sweeps", file + ext);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return path;
    }

    private static void printPoints(PrintWriter out, Sweep sweep, Shard shard) {
        List<SweepPoint> points = sweep.points(shard);
        out.printf(Locale.ROOT, "sweep %s (id %s): %d points, %s%n", sweep.name(), sweep.id(), sweep.pointCount(),
                sweep.shape());
        out.printf("base: %s%n", sweep.baseFile());
        if (!sweep.fixedOverrides().isEmpty()) {
            out.printf("set:  %s%n", String.join(" ", sweep.fixedOverrides()));
        }
        if (!shard.isAll()) {
            out.printf(Locale.ROOT, "shard %s: %d points%n", shard, points.size());
        }
        List<Axis> axesOf = sweep.axes();
        int[] widths = new int[axesOf.size()];
        for (int a = 0; a < axesOf.size(); a++) {
            widths[a] = axesOf.get(a).path().length();
            for (String v : axesOf.get(a).values()) {
                widths[a] = Math.max(widths[a], v.length());
            }
        }
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%7s", "point"));
        for (int a = 0; a < axesOf.size(); a++) {
            head.append("  ").append(pad(axesOf.get(a).path(), widths[a]));
        }
        out.println(head.toString().stripTrailing());
        for (SweepPoint p : points) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7d", p.index()));
            int a = 0;
            for (String value : p.overrides().values()) {
                row.append("  ").append(pad(value, widths[a++]));
            }
            out.println(row.toString().stripTrailing());
        }
        out.printf(Locale.ROOT, "%d points%s%n", points.size(), shard.isAll() ? "" : " in shard " + shard);
        out.flush();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}

package org.clustersim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.clustersim.error.UserError;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.optimize.Objective;
import org.clustersim.scenario.optimize.OptimizeJson;
import org.clustersim.scenario.optimize.OptimizeResult;
import org.clustersim.scenario.optimize.OptimizeTarget;
import org.clustersim.scenario.optimize.OptimizeText;
import org.clustersim.scenario.optimize.PlanOptimizer;
import org.clustersim.scenario.optimize.SearchSpace;
import org.clustersim.scenario.step.EfficiencyCatalog;
import org.clustersim.workload.Schedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = "Search parallelism plans (tensor, pipeline, expert, data, context, micro-batch, ZeRO, "
                + "recompute, schedule) for the scenario's model and cluster: prune plans that cannot divide or fit, "
                + "screen the rest by a lower bound on the step time, simulate the best in full until the top is "
                + "proven, and rank the scenario's own plan.")
final class OptimizeCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--phase", paramLabel = "NAME",
            description = "Training phase whose step shape to optimize (default: the first with sequenceLength and "
                    + "globalBatch).")
    String phase;

    @Option(names = "--objective", paramLabel = "time|cost|mix", defaultValue = "time",
            description = "time: the phase's run time; cost: its GPU rental; mix: time^w x cost^(1-w) "
                    + "(default: ${DEFAULT-VALUE}).")
    Objective.Kind objective;

    @Option(names = "--weight-time", paramLabel = "W", defaultValue = "0.5",
            description = "w of --objective mix, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double weightTime;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Plans to rank in full (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--simulate", paramLabel = "K", defaultValue = "20",
            description = "Simulate at least the K plans with the lowest bounds in full (default: ${DEFAULT-VALUE}).")
    int simulate;

    @Option(names = "--max-simulations", paramLabel = "M", defaultValue = "2000",
            description = "Stop after M full simulations even if the top is not proven (default: ${DEFAULT-VALUE}).")
    int maxSimulations;

    @Option(names = "--gpus", paramLabel = "N", split = ",",
            description = "Also search at these GPU counts (multiples of the GPUs per node), e.g. --gpus 1024,2048; "
                    + "the scenario's own count is always searched.")
    List<Integer> gpus = new ArrayList<>();

    @Option(names = "--schedules", paramLabel = "LIST", split = ",",
            description = "Schedules to search (default: gpipe,1f1b,interleaved-1f1b,zero-bubble,dualpipe).")
    List<String> schedules = new ArrayList<>();

    @Option(names = "--max-micro-batch", paramLabel = "N", defaultValue = "16",
            description = "Largest micro-batch (sequences) to try (default: ${DEFAULT-VALUE}).")
    int maxMicroBatch;

    @Option(names = "--max-virtual-stages", paramLabel = "N", defaultValue = "8",
            description = "Largest interleaved-1f1b virtual-stage count to try (default: ${DEFAULT-VALUE}).")
    int maxVirtualStages;

    @Option(names = "--min-context-tokens", paramLabel = "N", defaultValue = "1024",
            description = "Fewest tokens of a sequence per context-parallel rank (default: ${DEFAULT-VALUE}).")
    int minContextTokens;

    @Option(names = "--tie", paramLabel = "FRACTION", defaultValue = "0.05",
            description = "Plans within this fraction of the best are reported as ties the model cannot separate "
                    + "(default: ${DEFAULT-VALUE}).")
    double tie;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Print the result as JSON on stdout (and nothing else there).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PlanOptimizer.Settings settings = new PlanOptimizer.Settings(Objective.of(objective, weightTime), limits(),
                top, simulate, maxSimulations, tie, threads == null ? Runtime.getRuntime().availableProcessors()
                : threads);
        ScenarioLoader loader = new ScenarioLoader();
        Scenario home = scenario.load();
        List<OptimizeTarget> targets = new ArrayList<>();
        targets.add(OptimizeTarget.of(home, loader.catalog(), phase));
        int perNode = home.cluster().gpusPerNode();
        for (int count : gpus) {
            if (count < 1 || count % perNode != 0) {
                throw new UserError("--gpus " + count + " is not a whole number of " + perNode + "-GPU nodes",
                        "use multiples of " + perNode + ", e.g. --gpus " + home.cluster().gpuCount() / 2 + ","
                                + home.cluster().gpuCount() * 2);
            }
            if (count == home.cluster().gpuCount()) {
                continue;
            }
            List<String> overrides = new ArrayList<>(scenario.overrides);
            overrides.add("cluster.nodes=" + count / perNode);
            Scenario other = new ScenarioLoader().load(ScenarioOptions.resolve(scenario.file), overrides);
            targets.add(OptimizeTarget.of(other, loader.catalog(), phase));
        }
        err.printf(Locale.ROOT, "clustersim: optimizing '%s' on %d x %s (phase %s)%n", home.name(),
                home.cluster().gpuCount(), home.cluster().gpu().id(), targets.get(0).phase());
        ProgressLines progress = new ProgressLines(err, Terminal.stderrIsTerminal());
        OptimizeResult result = new PlanOptimizer(EfficiencyCatalog.calibrated(), settings, progress)
                .optimize(targets);
        progress.finish();
        if (json) {
            out.println(new OptimizeJson().toJson(result));
        } else {
            OptimizeText.print(out, result);
        }
        out.flush();
        if (result.screened() == 0) {
            err.println("error: no plan of the searched space can run this phase on this cluster");
            err.println("  hint: the pruning reasons say why; more GPUs (--gpus or --set cluster.nodes=...), GPUs "
                    + "with more memory, or a wider space (--max-micro-batch, --schedules) may help");
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        return ExitCodes.OK;
    }

    private SearchSpace.Limits limits() {
        List<Schedule> chosen = new ArrayList<>();
        if (schedules.isEmpty()) {
            chosen.addAll(SearchSpace.Limits.DEFAULT.schedules());
        }
        for (String name : schedules) {
            Schedule match = null;
            for (Schedule s : Schedule.values()) {
                if (s.spelling().equals(name.strip().toLowerCase(Locale.ROOT))) {
                    match = s;
                }
            }
            if (match == null) {
                throw new UserError("unknown schedule '" + name + "' in --schedules",
                        "use some of: gpipe, 1f1b, interleaved-1f1b, zero-bubble, dualpipe");
            }
            if (!chosen.contains(match)) {
                chosen.add(match);
            }
        }
        return new SearchSpace.Limits(maxMicroBatch, maxVirtualStages, minContextTokens, chosen);
    }

    /**
     * Progress on stderr: one updating line on a terminal; otherwise a line per stage and at most one line per
     * 10% of a stage, so logs stay short.
     */
    static final class ProgressLines implements PlanOptimizer.Progress {

        private final PrintWriter err;
        private final boolean terminal;
        private long lastTenth = -1;
        private String lastStage = "";
        private boolean pendingLine;

        ProgressLines(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public synchronized void stage(String message) {
            endLine();
            err.println("clustersim: " + message);
            err.flush();
            lastTenth = -1;
        }

        @Override
        public synchronized void advance(String stage, long done, long total) {
            if (total <= 0) {
                return;
            }
            long tenth = Math.min(10, done * 10 / total);
            if (terminal) {
                err.printf(Locale.ROOT, "\r  %s: %,d of %,d", stage, done, total);
                err.flush();
                pendingLine = true;
            } else if (tenth != lastTenth || !stage.equals(lastStage)) {
                err.printf(Locale.ROOT, "  %s: %,d of %,d%n", stage, done, total);
                err.flush();
            }
            lastTenth = tenth;
            lastStage = stage;
        }

        synchronized void finish() {
            endLine();
            err.flush();
        }

        private void endLine() {
            if (pendingLine) {
                err.println();
                pendingLine = false;
            }
        }
    }
}

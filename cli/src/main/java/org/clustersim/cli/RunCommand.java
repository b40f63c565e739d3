package org.clustersim.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.clustersim.report.ResultJson;
import org.clustersim.run.ComputeOnlyRun;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.run.RunResult;
import org.clustersim.scenario.run.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Simulate a scenario and print how long it takes and what it costs.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--json", description = "Print the result as JSON on stdout (and nothing else there).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario loaded = scenario.load();
        err.printf(Locale.ROOT, "clustersim: simulating '%s' on %d x %s%n", loaded.name(),
                loaded.cluster().gpuCount(), loaded.cluster().gpu().id());
        RunResult result = new ScenarioRunner(ClusterSim.version()).run(loaded);
        if (json) {
            out.println(new ResultJson().toJson(result));
        } else {
            printSummary(out, result);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void printSummary(PrintWriter out, RunResult result) {
        ComputeOnlyRun.Estimate e = result.estimate();
        out.printf(Locale.ROOT, "%s: %d x %s (%d nodes of %d)%n", result.scenarioName(), result.cluster().gpuCount(),
                result.cluster().gpu().id(), result.cluster().nodes(), result.cluster().gpusPerNode());
        out.printf(Locale.ROOT, "compute-only estimate at %.0f%% of dense BF16 peak%n", 100 * e.assumedMfu());
        out.printf(Locale.ROOT, "  %-24s %14s %10s %16s%n", "phase", "FLOPs", "days", "GPU-hours");
        for (ComputeOnlyRun.PhaseEstimate p : e.phases()) {
            out.printf(Locale.ROOT, "  %-24s %14.4g %10.2f %16.0f%n", p.name(), p.flops(), p.timeSeconds() / 86400,
                    p.gpuHours());
        }
        out.printf(Locale.ROOT, "  %-24s %14s %10.2f %16.0f%n", "total", "", e.timeSeconds() / 86400, e.gpuHours());
        if (!Double.isNaN(result.rentalUsd())) {
            out.printf(Locale.ROOT, "rental cost: $%,.0f%n", result.rentalUsd());
        }
    }
}

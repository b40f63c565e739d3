package org.clustersim.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.clustersim.report.ResultJson;
import java.util.Map;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.run.PhaseRun;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepResult;
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

    @Option(names = "--full", description = "Simulate every pipeline replica instead of one per stage (validation).")
    boolean full;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario loaded = scenario.load();
        err.printf(Locale.ROOT, "clustersim: simulating '%s' on %d x %s%n", loaded.name(),
                loaded.cluster().gpuCount(), loaded.cluster().gpu().id());
        ScenarioLoader loader = new ScenarioLoader();
        // fleet (issue 8 item 4): check the fleet section before the (long) simulation
        new org.clustersim.scenario.fleet.FleetCalculator(loader.catalog()).check(loaded);
        RunResult result = new ScenarioRunner(ClusterSim.version(), loader.catalog())
                .run(loaded, StepOptions.BALANCED.withFull(full));
        // --- fleet (issue 8 item 4): priced when the scenario has a 'fleet' section ---
        org.clustersim.scenario.fleet.FleetResult fleet = loaded.spec().value().fleet() == null ? null
                : new org.clustersim.scenario.fleet.FleetCalculator(loader.catalog()).compute(loaded, result);
        // --- end fleet ---
        if (json) {
            out.println(new ResultJson().toJson(result, fleet));
        } else {
            printSummary(out, result);
            if (fleet != null) {
                org.clustersim.report.FleetText.print(out, fleet);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void printSummary(PrintWriter out, RunResult result) {
        out.printf(Locale.ROOT, "%s: %d x %s (%d nodes of %d)%n", result.scenarioName(), result.cluster().gpuCount(),
                result.cluster().gpu().id(), result.cluster().nodes(), result.cluster().gpusPerNode());
        for (StepRunner.PhaseStep ps : result.steps()) {
            StepResult s = ps.step();
            if (ps.ramp() != null) { // one line per slice of a batch ramp; the phase's own step has the breakdown
                out.printf(Locale.ROOT, "  %s: %.3f s, %.0f TFLOP/s per GPU, %s%s%n", ps.phase(), s.timeSeconds(),
                        s.tflopsPerGpu(), s.schedule(), ps.ramp().assumedPlan() ? " (assumed ramp plan)" : "");
                continue;
            }
            out.printf(Locale.ROOT, "step (%s; %s): %.3f s, %.0f tokens/s, %.0f TFLOP/s per GPU (%.0f causal), "
                            + "MFU %.1f%% (%.1f%% causal)%n", ps.phase(), ps.plan().describe(),
                    s.timeSeconds(), s.tokensPerSecond(), s.tflopsPerGpu(), s.tflopsPerGpuCausal(), 100 * s.mfu(),
                    100 * s.mfuCausal());
            s.breakdownSeconds().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> out.printf(Locale.ROOT, "    %-28s %9.3f s%n", e.getKey(), e.getValue()));
            if (!s.phasesSeconds().isEmpty()) {
                StringBuilder cut = new StringBuilder();
                for (String key : List.of("forward", "bubble", "backwardInput", "backwardWeight", "steady",
                        "optimizer")) {
                    cut.append(cut.length() == 0 ? "" : ", ").append(key).append(' ')
                            .append(String.format(Locale.ROOT, "%.2f s", s.phasesSeconds().getOrDefault(key, 0.0)));
                }
                out.printf(Locale.ROOT, "  as ISCA'25 Table 4 cuts it: %s%n", cut);
            }
            if (!s.notes().isEmpty()) {
                out.printf("  note: %s%n", s.notes());
            }
        }
        out.printf(Locale.ROOT, "%s estimate%n", result.model());
        out.printf(Locale.ROOT, "  %-24s %10s %10s %16s %8s  %s%n", "phase", "steps", "days", "GPU-hours", "goodput",
                "plan");
        for (PhaseRun p : result.phases()) {
            out.printf(Locale.ROOT, "  %-24s %10.0f %10.2f %16.0f %7.1f%%  %s%n", p.name(), p.steps(),
                    p.timeSeconds() / 86400, p.gpuHours(), 100 * p.goodput(),
                    p.assumedPlan().isEmpty() ? "" : "assumed: " + p.assumedPlan());
        }
        out.printf(Locale.ROOT, "  %-24s %10s %10.2f %16.0f %7.1f%%%n", "total", "", result.timeSeconds() / 86400,
                result.gpuHours(), 100 * result.goodput());
        out.printf(Locale.ROOT, "  failures by Monte Carlo: %.2f days (closed form %.2f)%n",
                result.monteCarloSeconds() / 86400, result.timeSeconds() / 86400);
        if (!Double.isNaN(result.rentalUsd())) {
            out.printf(Locale.ROOT, "rental cost: $%,.0f%n", result.rentalUsd());
        }
        if (!Double.isNaN(result.ownershipUsd())) {
            out.printf(Locale.ROOT, "ownership cost (the run's share of owning its cluster): $%,.0f%n",
                    result.ownershipUsd());
        }
    }
}

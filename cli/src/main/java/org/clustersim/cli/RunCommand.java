package org.clustersim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clustersim.error.UserError;
import org.clustersim.scenario.files.AtomicFiles;
import org.clustersim.report.RunReport;
import org.clustersim.report.csv.SummaryCsv;
import org.clustersim.report.html.HtmlReport;
import org.clustersim.report.trace.ChromeTrace;
import org.clustersim.report.trace.TraceRanks;
import tools.jackson.databind.node.ObjectNode;
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

    @Option(names = "--out", paramLabel = "DIR", description = {"Write result.json, summary.csv, report.html and "
            + "trace.json into DIR (created if missing).", "Each file is written atomically."})
    Path outDir;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write only the HTML report, to FILE.html.")
    Path reportFile;

    @Option(names = "--trace-ranks", paramLabel = "RANGE", description = {"Global ranks in trace.json, e.g. 0-7 or "
            + "0,8,16 (default: the first rank of every pipeline stage).", "Needs --out."})
    String traceRanks;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOutputs();
        Scenario loaded = scenario.load();
        if (traceRanks != null) { // the syntax and the cluster's size now, before the (long) simulation
            TraceRanks.parse(traceRanks, loaded.cluster().gpuCount());
        }
        err.printf(Locale.ROOT, "clustersim: simulating '%s' on %d x %s%n", loaded.name(),
                loaded.cluster().gpuCount(), loaded.cluster().gpu().id());
        ScenarioLoader loader = new ScenarioLoader();
        // fleet (issue 8 item 4): check the fleet section before the (long) simulation
        new org.clustersim.scenario.fleet.FleetCalculator(loader.catalog()).check(loaded);
        RunResult result = new ScenarioRunner(ClusterSim.version(), loader.catalog())
                .run(loaded, StepOptions.BALANCED.withFull(full).withActivity(json || outDir != null
                        || reportFile != null)); // what ran when: only outputs that show it need it
        // --- fleet (issue 8 item 4): priced when the scenario has a 'fleet' section ---
        org.clustersim.scenario.fleet.FleetResult fleet = loaded.spec().value().fleet() == null ? null
                : new org.clustersim.scenario.fleet.FleetCalculator(loader.catalog()).compute(loaded, result);
        // --- end fleet ---
        if (json || outDir != null || reportFile != null) { // result.json's tree, from which every output derives
            RunReport report = RunReport.of(loaded, result, fleet, loader.catalog());
            ResultJson resultJson = new ResultJson();
            ObjectNode tree = resultJson.toTree(report);
            writeOutputs(err, report, resultJson, tree);
            if (json) {
                out.println(resultJson.toJson(tree));
            }
        }
        if (!json) {
            printSummary(out, result);
            if (fleet != null) {
                org.clustersim.report.FleetText.print(out, fleet);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Bad output options fail before the simulation, with exit 2 and a hint. */
    private void checkOutputs() {
        if (traceRanks != null && outDir == null) {
            throw new UserError("--trace-ranks chooses the ranks of trace.json, which only --out writes",
                    "add --out DIR");
        }
        if (outDir != null) {
            if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
                throw new UserError("--out " + outDir + " is a file, not a directory",
                        "name a directory (it is created if missing)");
            }
            try {
                Files.createDirectories(outDir);
            } catch (IOException | SecurityException e) {
                throw new UserError("cannot create the output directory " + outDir + ": " + reason(e),
                        "choose a directory you can write to");
            }
            requireWritable(outDir, "--out " + outDir);
        }
        if (reportFile != null) {
            if (Files.isDirectory(reportFile)) {
                throw new UserError("--report " + reportFile + " is a directory", "name a file, e.g. report.html");
            }
            Path parent = reportFile.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new UserError("--report " + reportFile + ": the directory " + parent + " does not exist",
                        "create it first, or use --out DIR, which creates its directory");
            }
            requireWritable(parent, "--report " + reportFile);
        }
    }

    private static void requireWritable(Path dir, String option) {
        if (!Files.isWritable(dir)) {
            throw new UserError(option + ": cannot write to " + dir, "choose a directory you can write to");
        }
    }

    private void writeOutputs(PrintWriter err, RunReport report, ResultJson resultJson, ObjectNode tree) {
        if (outDir == null && reportFile == null) {
            return;
        }
        String html = HtmlReport.render(tree);
        if (outDir != null) {
            StepRunner.PhaseStep main = report.result().steps().isEmpty() ? null : report.result().steps().get(0);
            List<Integer> ranks = main == null ? List.of() : traceRanks == null ? ChromeTrace.defaultRanks(main)
                    : TraceRanks.parse(traceRanks, main.plan().gpus());
            write(outDir.resolve("result.json"), o -> resultJson.write(tree, o));
            write(outDir.resolve("summary.csv"), o -> o.write(SummaryCsv.render(tree)
                    .getBytes(StandardCharsets.UTF_8)));
            write(outDir.resolve("report.html"), o -> o.write(html.getBytes(StandardCharsets.UTF_8)));
            write(outDir.resolve("trace.json"), o -> new ChromeTrace().write(o, report.result().scenarioName(), main,
                    report.result().cluster(), ranks));
            err.printf(Locale.ROOT, "clustersim: wrote result.json, summary.csv, report.html and trace.json "
                    + "(%d ranks) to %s%n", ranks.size(), outDir);
        }
        if (reportFile != null) {
            write(reportFile, o -> o.write(html.getBytes(StandardCharsets.UTF_8)));
            err.printf("clustersim: wrote %s%n", reportFile);
        }
    }

    private static void write(Path file, AtomicFiles.Content content) {
        try {
            AtomicFiles.write(file, content);
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + reason(e), "check that the directory is writable "
                    + "and the disk is not full");
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
            // a phase given as a budget (GPU-hours or days) has no tokens and no steps; one estimated from its FLOPs
            // alone has tokens but no step count
            String steps = !Double.isNaN(p.steps()) ? String.format(Locale.ROOT, "%.0f", p.steps())
                    : Double.isNaN(p.tokens()) ? "budget" : "-";
            out.printf(Locale.ROOT, "  %-24s %10s %10.2f %16.0f %7.1f%%  %s%n", p.name(), steps,
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

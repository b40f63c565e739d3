package org.clustersim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.clustersim.error.UserError;
import org.clustersim.scenario.files.AtomicFiles;
import org.clustersim.report.html.SweepReport;
import org.clustersim.scenario.sweep.PointResult;
import org.clustersim.scenario.sweep.ResultsCsv;
import org.clustersim.scenario.sweep.ResultsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a sweep's report from its results file: one offline HTML page (time and cost against "
                + "each swept parameter, the cost-time Pareto front, the table of points) and the CSV beside it.",
                "A results file still being written, or cut off by a kill, is read up to its last whole line."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULTS.jsonl", description = "The results file a sweep (or merge) wrote.")
    Path results;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.html", required = true,
            description = "The report to write (atomically); the CSV goes beside it with the extension .csv.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a directory", "give a file name, e.g. --out " + out.resolve(
                    "sweep.html"));
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError("the folder of --out " + out + " does not exist", "create it first, or write the "
                    + "report elsewhere");
        }
        ResultsFile file = ResultsFile.read(results);
        if (file.tornTail()) {
            err.printf("clustersim: note: %s ends in a partial line (a sweep still running, or killed); reporting "
                    + "the points before it%n", results);
        }
        if (!file.corruptLines().isEmpty()) {
            err.printf("clustersim: warning: %d lines of %s do not parse and are left out (lines %s)%n",
                    file.corruptLines().size(), results, file.corruptLines());
        }
        Collection<PointResult> points = file.latest().values();
        Path csv = csvBeside(out);
        AtomicFiles.writeString(out, SweepReport.render(file.header(), points));
        ResultsCsv.write(csv, file.header(), points);
        stdout.printf(Locale.ROOT, "report of %d of %d points%nreport: %s%ntable:  %s%n", points.size(),
                file.header().points(), out, csv);
        stdout.flush();
        err.flush();
        return ExitCodes.OK;
    }

    /** {@code sweep.html} gives {@code sweep.csv}; a name without .html/.htm gets .csv appended. */
    static Path csvBeside(Path html) {
        String name = html.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        String stem = lower.endsWith(".html") ? name.substring(0, name.length() - 5)
                : lower.endsWith(".htm") ? name.substring(0, name.length() - 4) : name;
        return html.resolveSibling(stem + ".csv");
    }
}

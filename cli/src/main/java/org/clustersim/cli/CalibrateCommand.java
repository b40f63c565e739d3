package org.clustersim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.clustersim.error.UserError;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.step.CalibrationCase;
import org.clustersim.scenario.step.Calibrator;
import org.clustersim.scenario.step.EfficiencyCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Fit the compute model's named parameters on the calibration set (scenarios/validation/).",
                "Writes them, with the command and the data that produced them, into the catalog."})
final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "scenarios/validation",
            description = "Directory of calibration scenarios (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = EfficiencyCatalog.SOURCE_PATH,
            description = "Catalog file to write (default: ${DEFAULT-VALUE}); rebuild to use it.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        ScenarioLoader loader = new ScenarioLoader();
        List<CalibrationCase> cases = CalibrationCase.load(dir, loader);
        if (cases.isEmpty()) {
            throw new UserError("no calibration scenarios in " + dir,
                    "calibration scenarios carry a 'calibration' section with a published value");
        }
        err.printf(Locale.ROOT, "clustersim: fitting on %d cases from %s ...%n", cases.size(), dir);
        Calibrator calibrator = new Calibrator(loader.catalog(), EfficiencyCatalog.calibrated());
        Calibrator.Fit fit = calibrator.fit(cases);
        List<Calibrator.Row> rows = calibrator.validate(cases, fit.parameters(), false);
        String command = "clustersim calibrate --dir " + dir + " --out " + this.out;
        EfficiencyCatalog.write(this.out, fit, rows, command, LocalDate.now(ZoneOffset.UTC).toString(),
                ClusterSim.version());
        out.printf(Locale.ROOT, "fitted %s%n  rms relative error %.2f%% after %d evaluations%n", fit.parameters(),
                100 * fit.rmsRelativeError(), fit.evaluations());
        ValidateSuiteCommand.printTable(out, rows, false);
        out.printf("wrote %s%n", this.out);
        return ExitCodes.OK;
    }
}

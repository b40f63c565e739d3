package org.clustersim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
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
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "validate-suite", mixinStandardHelpOptions = true,
        description = {"Run the calibration scenarios and print predicted vs published, with the error in percent.",
                "A leave-one-out column predicts each case with parameters fitted without it."})
final class ValidateSuiteCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "scenarios/validation",
            description = "Directory of calibration scenarios (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--no-loo", description = "Skip the leave-one-out refits (one fit per case; minutes).")
    boolean noLeaveOneOut;

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ScenarioLoader loader = new ScenarioLoader();
        List<CalibrationCase> cases = CalibrationCase.load(dir, loader);
        if (cases.isEmpty()) {
            throw new UserError("no calibration scenarios in " + dir,
                    "calibration scenarios carry a 'calibration' section with a published value");
        }
        if (!noLeaveOneOut) {
            spec.commandLine().getErr().printf("clustersim: %d cases, refitting once per case for leave-one-out "
                    + "(--no-loo skips) ...%n", cases.size());
        }
        Calibrator calibrator = new Calibrator(loader.catalog(), EfficiencyCatalog.calibrated());
        List<Calibrator.Row> rows = calibrator.validate(cases, EfficiencyCatalog.calibrated(), !noLeaveOneOut);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            ArrayNode array = mapper.createArrayNode();
            for (Calibrator.Row row : rows) {
                ObjectNode o = array.addObject();
                o.put("name", row.calibrationCase().name());
                o.put("unit", row.calibrationCase().unit());
                o.put("published", row.calibrationCase().published());
                o.put("predicted", row.predicted());
                o.put("errorPercent", row.errorPercent());
                if (!noLeaveOneOut) {
                    o.put("leaveOneOut", row.leaveOneOut());
                    o.put("leaveOneOutErrorPercent", row.leaveOneOutErrorPercent());
                }
            }
            out.println(mapper.writeValueAsString(array));
        } else {
            printTable(out, rows, !noLeaveOneOut);
        }
        return ExitCodes.OK;
    }

    static void printTable(PrintWriter out, List<Calibrator.Row> rows, boolean leaveOneOut) {
        out.printf(Locale.ROOT, "  %-30s %-12s %10s %10s %8s%s%n", "case", "unit", "published", "predicted", "error",
                leaveOneOut ? String.format(Locale.ROOT, " %10s %8s", "LOO pred", "LOO err") : "");
        double sumAbs = 0;
        double sumAbsLoo = 0;
        for (Calibrator.Row row : rows) {
            out.printf(Locale.ROOT, "  %-30s %-12s %10.2f %10.2f %+7.1f%%%s%n", row.calibrationCase().name(),
                    row.calibrationCase().unit(), row.calibrationCase().published(), row.predicted(),
                    row.errorPercent(), leaveOneOut ? String.format(Locale.ROOT, " %10.2f %+7.1f%%",
                            row.leaveOneOut(), row.leaveOneOutErrorPercent()) : "");
            sumAbs += Math.abs(row.errorPercent());
            sumAbsLoo += Math.abs(row.leaveOneOutErrorPercent());
        }
        out.printf(Locale.ROOT, "  mean absolute error %.1f%%%s%n", sumAbs / rows.size(),
                leaveOneOut ? String.format(Locale.ROOT, "; leave-one-out %.1f%%", sumAbsLoo / rows.size()) : "");
    }
}

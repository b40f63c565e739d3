package org.clustersim.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command in-process and captures stdout, stderr and the exit code. */
final class CliHarness {

    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome run(String... args) {
        return run(null, args);
    }

    /** Runs with an extra subcommand registered (used to inject faults). */
    static Outcome run(Object extraSubcommand, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ClusterSim.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        if (extraSubcommand != null) {
            cl.addSubcommand(extraSubcommand);
            // streams given to the root reach only the subcommands that existed then
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
        }
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private CliHarness() {
    }
}

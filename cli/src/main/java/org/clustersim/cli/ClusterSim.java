package org.clustersim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import org.clustersim.error.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code clustersim} command and the wiring of exit codes. */
@Command(name = "clustersim",
        mixinStandardHelpOptions = true,
        versionProvider = ClusterSim.Version.class,
        description = "Simulates GPU training clusters: how long training model M on cluster C with plan P takes, "
                + "what it costs, and what changes if X changes.",
        footer = {"", "Exit codes: 0 success, 1 internal error (a bug), 2 user error (bad file, value or plan).",
                "Run 'clustersim COMMAND --help' for a command's options."},
        subcommands = {RunCommand.class, ValidateCommand.class, CatalogCommand.class, SchemaCommand.class,
                TopologyCommand.class, ModelCommand.class, CalibrateCommand.class, ValidateSuiteCommand.class,
                CollectiveCommand.class, OptimizeCommand.class, SweepCommand.class, MergeCommand.class,
                ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class ClusterSim implements Runnable {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces for errors (for bug reports).")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** A configured command line writing to the given streams: stdout for results, stderr for everything else. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        ClusterSim root = new ClusterSim();
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, commandLine, root.debug));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("  hint: run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            if (root.debug) {
                ex.printStackTrace(e);
            }
            e.flush();
            return ExitCodes.USER_ERROR;
        });
        return cl;
    }

    static int handle(Exception ex, CommandLine commandLine, boolean debug) {
        PrintWriter err = commandLine.getErr();
        if (ex instanceof UserError user) {
            String message = user.userMessage();
            err.println(message.contains(": error: ") ? message : "error: " + message);
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        err.println("internal error: " + ex + " (this is a bug in clustersim)");
        if (debug) {
            ex.printStackTrace(err);
        } else {
            err.println("  hint: rerun with --debug for a stack trace and report it");
        }
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /** The tool's version, from the build. */
    public static String version() {
        Properties props = new Properties();
        try (InputStream in = ClusterSim.class.getResourceAsStream("/org/clustersim/cli/version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return props.getProperty("version", "unknown");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"clustersim " + ClusterSim.version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}

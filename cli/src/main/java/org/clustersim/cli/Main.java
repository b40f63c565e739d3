package org.clustersim.cli;

import java.io.PrintWriter;

/** Entry point of the {@code clustersim} command. Library code never exits; only this method does. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code;
        try {
            code = ClusterSim.commandLine(out, err).execute(args);
        } catch (Throwable t) { // an Error (stack overflow, out of memory) escapes picocli's handler: still a bug, exit 1
            err.println("internal error: " + t + " (this is a bug in clustersim)");
            if (java.util.Arrays.asList(args).contains("--debug")) {
                t.printStackTrace(err);
            } else {
                err.println("  hint: rerun with --debug for a stack trace and report it");
            }
            code = ExitCodes.INTERNAL_ERROR;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }
}

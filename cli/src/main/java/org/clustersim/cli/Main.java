package org.clustersim.cli;

import java.io.PrintWriter;

/** Entry point of the {@code clustersim} command. Library code never exits; only this method does. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = ClusterSim.commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}

package org.clustersim.cli;

/** The command's exit codes: the contract scripts and CI rely on. */
public final class ExitCodes {

    public static final int OK = 0;
    /** A bug in clustersim. */
    public static final int INTERNAL_ERROR = 1;
    /** A user mistake: bad file, bad value, impossible or non-fitting plan, bad option. */
    public static final int USER_ERROR = 2;

    private ExitCodes() {
    }
}

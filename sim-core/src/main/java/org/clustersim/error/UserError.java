package org.clustersim.error;

/**
 * A mistake in what the user asked for (a bad value, an impossible plan, a plan that does not fit), as opposed to a
 * bug. The command turns it into exit code 2 and one message; it never becomes a stack trace unless asked.
 *
 * <p>Code without file knowledge throws this with a message and a hint; the scenario layer adds file, line and column
 * of the value that caused it.
 */
public class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String hint;

    public UserError(String message, String hint) {
        super(message);
        this.hint = hint == null ? "" : hint;
    }

    public UserError(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint == null ? "" : hint;
    }

    /** What the user can do about it; empty when there is nothing useful to say. */
    public String hint() {
        return hint;
    }

    /** The one message printed to the user: the problem, then the hint on its own line. */
    public String userMessage() {
        return hint.isEmpty() ? getMessage() : getMessage() + "\n  hint: " + hint;
    }
}

package dev.folioscope.cli;

/**
 * A mistake in what the user asked for (a bad argument, a file that cannot be used, a scenario
 * too large for the heap): exit code {@value Cli#EXIT_BAD_INPUT}, and the message, one line naming
 * what is wrong and where, is all the user sees. Thrown only after a check, never by wrapping
 * whatever exception happened to occur.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}

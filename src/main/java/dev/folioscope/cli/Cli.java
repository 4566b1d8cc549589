package dev.folioscope.cli;

import dev.folioscope.recording.EventBudgetException;
import dev.folioscope.recording.RecordingFile.BadRecordingException;
import dev.folioscope.scenario.ScenarioException;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headless command line: the same jar as the web debugger, one class per subcommand (as rr
 * has). Exit codes: 0 ok; 2 bad input, with one line on stderr naming what is wrong and where
 * (a {@link UsageException}, {@link ScenarioException}, {@link BadRecordingException} or
 * {@link EventBudgetException}, an unparsable argument, or a scenario or recording too large for
 * the heap); 1 an internal error, anything else, with its stack trace, or for {@code compare}
 * that the two differ.
 */
@Command(name = "folioscope", mixinStandardHelpOptions = true, version = "folioscope 0.1",
        description = "Time-travel debugger for a simulated Linux memory-management subsystem.%n"
                + "Without a subcommand, starts the web debugger on http://localhost:8080.",
        subcommands = {RunCommand.class, RecordCommand.class, InfoCommand.class, CompareCommand.class,
            BenchCommand.class})
public final class Cli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    /** {@code compare}: the two differ, as diff and cmp exit (an internal error also exits 1, with its stack trace). */
    public static final int EXIT_DIFFERENT = 1;
    public static final int EXIT_BAD_INPUT = 2;

    private static final Set<String> SUBCOMMANDS = Set.of("run", "record", "info", "compare", "bench", "help", "--help",
            "-h", "--version", "-V");

    private Cli() {
    }

    /** Whether the jar's first argument selects the command line rather than the web server. */
    public static boolean isSubcommand(String firstArg) {
        return SUBCOMMANDS.contains(firstArg);
    }

    /** Runs a subcommand and returns its exit code; never throws. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, writing to the given streams (for tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("folioscope: " + TerminalText.clean(e.getMessage()) + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException || e instanceof ScenarioException || e instanceof BadRecordingException
                    || e instanceof EventBudgetException) {
                err.println("folioscope: " + TerminalText.clean(e.getMessage()));
                return EXIT_BAD_INPUT;
            }
            err.println("folioscope: internal error: " + TerminalText.clean(e.toString()));
            e.printStackTrace(err);
            return EXIT_INTERNAL;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // The commands name what was too big; this is the backstop for anything they do not cover.
            err.println("folioscope: " + outOfMemory("this command", null).getMessage());
            return EXIT_BAD_INPUT;
        }
    }

    /** The user error for a scenario (as named on the command line) whose recording does not fit in the heap. */
    static UsageException recordingTooLarge(String scenario) {
        return outOfMemory("the recording of " + scenario, "lower the scenario's machine memory, ops or count");
    }

    /**
     * The user error for an {@link OutOfMemoryError}: {@code what} needs more memory than the heap
     * allows, and what to change ({@code lower}, may be null) or the -Xmx to raise.
     */
    static UsageException outOfMemory(String what, String lower) {
        long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
        return new UsageException(what + " needs more memory than the Java heap allows (max " + maxMiB + " MiB): "
                + (lower == null ? "" : lower + ", or ") + "run java with a larger -Xmx");
    }
}

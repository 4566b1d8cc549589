package dev.folioscope.cli;

import dev.folioscope.recording.RecordingFile.BadRecordingException;
import dev.folioscope.scenario.ScenarioException;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headless command line: the same jar as the web debugger, one class per subcommand (as rr
 * has). Exit codes: 0 ok, 2 bad input (the message on stderr names what is wrong and where), 1
 * an internal error.
 */
@Command(name = "folioscope", mixinStandardHelpOptions = true, version = "folioscope 0.1",
        description = "Time-travel debugger for a simulated Linux memory-management subsystem.%n"
                + "Without a subcommand, starts the web debugger on http://localhost:8080.",
        subcommands = {RunCommand.class, RecordCommand.class, InfoCommand.class, BenchCommand.class})
public final class Cli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_BAD_INPUT = 2;

    private static final Set<String> SUBCOMMANDS = Set.of("run", "record", "info", "bench", "help", "--help", "-h",
            "--version", "-V");

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
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ScenarioException || e instanceof BadRecordingException
                    || e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException
                    || e instanceof java.nio.file.NoSuchFileException) {
                err.println("folioscope: " + message(e));
                return EXIT_BAD_INPUT;
            }
            err.println("folioscope: internal error: " + e);
            e.printStackTrace(err);
            return EXIT_INTERNAL;
        });
        return cl.execute(args);
    }

    private static String message(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException ? e.getMessage() + ": no such file" : e.getMessage();
    }
}

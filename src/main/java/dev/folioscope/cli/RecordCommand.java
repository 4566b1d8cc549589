package dev.folioscope.cli;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.recording.RecordingFile;
import dev.folioscope.scenario.Scenario;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code record}: writes a recording file. A recording cut short at the event budget is written
 * too, and the line that reports it says so and why.
 */
@Command(name = "record", mixinStandardHelpOptions = true, description = "Record a scenario to a file.")
final class RecordCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "a scenario YAML file, or the name of a shipped scenario")
    private String scenario;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the recording to write")
    private Path output;

    @Override
    public Integer call() {
        Path dir = checkOutput(output);
        Scenario s = ScenarioArgument.resolve(scenario);
        byte[] file;
        int events;
        String cutShort;
        try {
            Recording r = Recorder.record(Catalog.input(s), n -> { });
            events = r.lastStep();
            cutShort = r.cutShortReason();
            file = RecordingFile.toBytes(r);
        } catch (OutOfMemoryError e) {
            throw Cli.recordingTooLarge(scenario);
        }
        write(file, dir);
        spec.commandLine().getOut().printf("%s: %d events, %d bytes%s%n", TerminalText.clean(output.toString()), events,
                file.length, cutShort == null ? "" : "; cut short: " + cutShort);
        return Cli.EXIT_OK;
    }

    /**
     * Refuses, before anything is recorded, an output that cannot be a recording file: a directory,
     * a device or FIFO (which the move into place would replace), a read-only file, or a place in
     * a missing or read-only directory.
     *
     * @return the directory the file goes in
     */
    private static Path checkOutput(Path output) {
        if (Files.isDirectory(output)) {
            throw new UsageException("-o " + output
                    + ": is a directory; expected the name of the recording file to write");
        }
        if (Files.exists(output) && !Files.isRegularFile(output)) {
            throw new UsageException("-o " + output + ": exists and is not a regular file (a device, FIFO or socket);"
                    + " expected the name of the recording file to write");
        }
        Path dir = output.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            throw new UsageException("-o " + output + ": the directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException("-o " + output + ": " + dir + " is not a directory");
        }
        if (Files.exists(output) && !Files.isWritable(output)) {
            throw new UsageException("-o " + output + ": the file is read-only");
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException("-o " + output + ": cannot create files in " + dir + " (permission denied)");
        }
        return dir;
    }

    /** Writes beside the target and moves into place, so a failed write never destroys an older file. */
    private void write(byte[] file, Path dir) {
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".folioscope", ".tmp");
        } catch (IOException e) {
            throw new UsageException("-o " + output + ": cannot create a file in " + dir + " (" + reason(e) + ")");
        }
        try {
            Files.write(tmp, file);
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UsageException("-o " + output + ": cannot write the recording (" + reason(e) + ")");
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // Nothing more to do: the message above, if any, says what failed.
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }
}

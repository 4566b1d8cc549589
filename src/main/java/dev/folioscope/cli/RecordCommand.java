package dev.folioscope.cli;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.recording.RecordingFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code record}: writes a recording file. */
@Command(name = "record", mixinStandardHelpOptions = true, description = "Record a scenario to a file.")
final class RecordCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "a scenario YAML file, or the name of a shipped scenario")
    private String scenario;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the recording to write")
    private Path output;

    @Override
    public Integer call() throws IOException {
        Recording r = Recorder.record(Catalog.input(Catalog.resolve(scenario)), n -> { });
        // Write beside the target and move into place, so a failed write never destroys an older file.
        Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), ".folioscope", ".tmp");
        try {
            RecordingFile.write(r, tmp);
            Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        spec.commandLine().getOut().printf("%s: %d events, %d bytes%n", output, r.lastStep(), Files.size(output));
        return Cli.EXIT_OK;
    }
}

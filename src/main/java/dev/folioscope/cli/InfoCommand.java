package dev.folioscope.cli;

import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.EventTypes;
import dev.folioscope.recording.EventLog;
import dev.folioscope.recording.RecordingFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code info}: summarises a recording file without re-running it. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Summarise a recording file.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a recording written by 'record'")
    private Path file;

    @Override
    public Integer call() throws IOException, RecordingFile.BadRecordingException {
        RecordingFile.Contents c;
        try {
            c = RecordingFile.read(file);
        } catch (OutOfMemoryError e) {
            throw Cli.outOfMemory(file + ": reading its events", null);
        }
        EventLog log = c.events();
        PrintWriter out = spec.commandLine().getOut();
        // The path, name and title are shown cleaned: a file could carry terminal escape sequences.
        out.printf(Locale.ROOT, "file:           %s (%d bytes, format version %d)%n",
                TerminalText.clean(file.toString()), c.fileBytes(), RecordingFile.FORMAT_VERSION);
        out.printf(Locale.ROOT, "scenario:       %s — %s%n", TerminalText.clean(c.name()),
                TerminalText.clean(c.title()));
        out.printf(Locale.ROOT, "kernel model:   version %d, event schema version %d%n", c.modelVersion(),
                c.schemaVersion());
        out.printf(Locale.ROOT, "events:         %d (%.2f bytes per event)%n", log.size(),
                log.size() == 0 ? 0.0 : (double) c.fileBytes() / log.size());
        out.printf(Locale.ROOT, "event budget:   %d%n", c.eventBudget());
        out.printf(Locale.ROOT, "recording:      %s%n", c.cutShortReason() == null ? "complete"
                : "cut short: " + TerminalText.clean(c.cutShortReason()));
        int[] byType = new int[EventTypes.all().size()];
        int maxDepth = 0;
        int topLevel = 0;
        for (int s = 1; s <= log.size(); s++) {
            byType[log.type(s).id()]++;
            maxDepth = Math.max(maxDepth, log.depth(s));
            topLevel += log.depth(s) == 0 ? 1 : 0;
        }
        out.printf(Locale.ROOT, "top-level:      %d events, nesting up to depth %d%n", topLevel, maxDepth);
        out.printf(Locale.ROOT, "final digest:   %016x%n", c.finalDigest());
        out.println("events by type:");
        for (EventType t : EventTypes.all()) {
            if (byType[t.id()] > 0) {
                out.printf(Locale.ROOT, "  %-28s %10d%n", t.schema().function(), byType[t.id()]);
            }
        }
        out.flush();
        return Cli.EXIT_OK;
    }
}

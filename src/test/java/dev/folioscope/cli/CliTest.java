package dev.folioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.proc.ProcFile;
import dev.folioscope.recording.Recorder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's output and exit codes, as a script calling the jar would see them. */
class CliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void runPrintsBuddyinfoAtTheRequestedStep() {
        var timeline = Recorder.record(Catalog.input(Catalog.shipped("buddy-split-merge")), n -> { }).timeline();

        assertEquals(0, run("run", "buddy-split-merge", "--at", "12", "--dump", "buddyinfo"));

        assertEquals(ProcFile.BUDDYINFO.render(timeline.seek(12).kernel()), out.toString());
    }

    @Test
    void aMalformedScenarioExitsWith2AndNamesTheLine() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\ntitle: t\ndescription: d\nmachine: {memory: -4M}\nsteps: []\n");

        assertEquals(2, run("run", bad.toString()));

        assertTrue(err.toString().contains(bad + ":4:"), err.toString());
        assertTrue(!err.toString().contains("Exception"), "no stack trace: " + err);
    }

    @Test
    void aStepOutOfRangeExitsWith2() {
        assertEquals(2, run("run", "buddy-split-merge", "--at", "99999999"));
        assertTrue(err.toString().contains("--at 99999999"), err.toString());
    }

    @Test
    void recordThenInfoSummarisesTheFile() {
        Path file = dir.resolve("b.rec");
        assertEquals(0, run("record", "buddy-split-merge", "-o", file.toString()));
        assertEquals(0, run("info", file.toString()));
        assertTrue(out.toString().contains("scenario:       buddy-split-merge"), out.toString());
    }

    @Test
    void infoOnACorruptFileExitsWith2() throws Exception {
        Path file = dir.resolve("junk.rec");
        Files.writeString(file, "junk");
        assertEquals(2, run("info", file.toString()));
        assertTrue(err.toString().contains("not a Folioscope recording"), err.toString());
    }
}

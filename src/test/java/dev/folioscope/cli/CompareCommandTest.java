package dev.folioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} as a script sees it: exit 0 and one line for identical recordings, 1 and the
 * first differing event for different ones, 2 and one line for bad input. The expected events and
 * values are worked out by hand from the scenarios and the kernel's code, not computed here.
 */
class CompareCommandTest {
    /**
     * A 16 MiB machine, all ZONE_DMA, booted with four free order-10 blocks (4096 free pages), and
     * one order-4 request: step 1 is the scenario step, 2 __alloc_pages, 3 get_page_from_freelist,
     * 4 its first watermark check, against the high watermark (6.18 checks it first, to keep
     * ZONE_BELOW_HIGH).
     */
    private static final String SPLIT = """
            version: 1
            title: Order-4 split
            description: d
            machine: {memory: 16M, cpus: 1}
            steps:
              - alloc: {label: a, order: 4, gfp: GFP_HIGHUSER_MOVABLE}
            """;
    private static final String MIN_FREE_16000 = SPLIT.replace("cpus: 1}",
            "cpus: 1, sysctl: {min_free_kbytes: 16000}}");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private String scenario(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml).toString();
    }

    /** Records a scenario with {@code record} and returns the file and its event count. */
    private Recorded record(String scenario, String file) {
        String path = dir.resolve(file).toString();
        assertEquals(0, run("record", scenario, "-o", path), err.toString());
        Matcher m = Pattern.compile(": (\\d+) events,").matcher(out.toString());
        assertTrue(m.find(), out.toString());
        out.getBuffer().setLength(0);
        return new Recorded(path, Integer.parseInt(m.group(1)));
    }

    private record Recorded(String file, int events) {
    }

    /** Compares {@link #SPLIT} with {@code changed}, which must differ (exit 1); the output. */
    private String compareSplitWith(String changed, String... options) throws IOException {
        String[] args = new String[3 + options.length];
        args[0] = "compare";
        args[1] = scenario("split.yaml", SPLIT);
        args[2] = scenario("changed.yaml", changed);
        System.arraycopy(options, 0, args, 3, options.length);
        assertEquals(1, run(args), err.toString());
        assertEquals("", err.toString());
        return out.toString();
    }

    /** Exit 2 with exactly one line on stderr, no stack trace, containing {@code expected}. */
    private void assertBadInput(int exit, String expected) {
        String e = err.toString();
        assertEquals(2, exit, e);
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
        assertTrue(e.startsWith("folioscope: ") && e.contains(expected), "expected '" + expected + "' in: " + e);
        assertEquals("", out.toString());
    }

    // ---- identical ----------------------------------------------------------------------------

    @Test
    void theSameScenarioRecordedTwiceIsIdentical() throws Exception {
        String yaml = scenario("split.yaml", SPLIT);
        Recorded a = record(yaml, "a.rec");
        Recorded b = record(yaml, "b.rec");
        String identical = "identical: " + a.events() + " events, the same scenario and final state\n";

        assertEquals(0, run("compare", a.file(), b.file()), err.toString());
        assertEquals(identical, out.toString());

        out.getBuffer().setLength(0);
        assertEquals(0, run("compare", yaml, yaml), err.toString());
        assertEquals(identical, out.toString(), "two scenarios, each recorded in memory");
    }

    @Test
    void aRecordingIsIdenticalToTheScenarioItCameFrom() {
        Recorded r = record("buddy-split-merge", "bsm.rec");
        assertEquals(0, run("compare", r.file(), "buddy-split-merge"), err.toString());
        assertEquals("identical: " + r.events() + " events, the same scenario and final state\n", out.toString());
    }

    /** A recording file is known by its first bytes too, whatever its name. */
    @Test
    void aRecordingNotNamedRecIsStillRead() throws Exception {
        Recorded r = record("buddy-split-merge", "bsm.rec");
        Path renamed = Files.move(Path.of(r.file()), dir.resolve("bsm"));
        assertEquals(0, run("compare", "buddy-split-merge", renamed.toString()), err.toString());
    }

    // ---- different ----------------------------------------------------------------------------

    /**
     * min_free_kbytes 16000 makes the min watermark 4000 pages and the high one larger still, above
     * the 4096 free pages, so the first watermark check (step 4, high, order 4) fails where the
     * default (min_free_kbytes 512: 128 pages) passes. get_page_from_freelist (step 3) returns
     * differently too, but a result counts when its call returns: the first difference is inside.
     */
    @Test
    void aChangedSysctlIsReportedAtItsFirstEffect() throws Exception {
        String o = compareSplitWith(MIN_FREE_16000);
        assertTrue(o.contains("scenario text: differs first at line 4: A \"machine: {memory: 16M, cpus: 1}\", B"
                + " \"machine: {memory: 16M, cpus: 1, sysctl: {min_free_kbytes: 16000}}\"\n"), o);
        assertTrue(o.contains("""
                difference at step 4:
                  A: zone_watermark_ok(zone=DMA, order=4, mark=WMARK_HIGH, ok=true)
                     No state change: zone DMA passes the WMARK_HIGH watermark check for order 4.
                  B: zone_watermark_ok(zone=DMA, order=4, mark=WMARK_HIGH, ok=false)
                     No state change: zone DMA fails the WMARK_HIGH watermark check for order 4.
                  fields that differ:
                    ok: A true, B false
                  call path in A:
                    #1 step(step=#1) = 1
                """), o);
        assertTrue(o.contains("      #2 __alloc_pages(gfp_flags=GFP_HIGHUSER_MOVABLE, order=4, migratetype=Movable)"), o);
        assertTrue(o.contains("        #3 get_page_from_freelist(order=4, migratetype=Movable, alloc_flags="), o);
        assertFalse(o.contains("difference at step 3"), "one difference by default: " + o);
        assertTrue(o.contains("\nonly in B: "), "the failed checks lead B into the slow path: " + o);
        assertTrue(o.contains("__alloc_pages_slowpath 1"), o);
    }

    /**
     * After the failed high check, B sets ZONE_BELOW_HIGH on the zone (step 5) where A goes on to
     * rmqueue.
     */
    @Test
    void maxDiffsListsTheNextDifferencesToo() throws Exception {
        String o = compareSplitWith(MIN_FREE_16000, "--max-diffs", "2");
        assertTrue(o.contains("difference at step 4:\n"), o);
        assertTrue(o.contains("difference at step 5:\n  A: rmqueue(zone=DMA, order=4, migratetype=Movable"), o);
        assertTrue(o.contains("  B: zone->flags(zone=DMA, flag=ZONE_BELOW_HIGH, set=true)\n"), o);
        assertTrue(o.contains("  different functions\n"), o);
        assertFalse(o.contains("difference at step 6"), o);
    }

    /**
     * An order-5 request instead of order 4 splits the same block one order less: __alloc_pages
     * (step 2) differs in its order, and at the end B has 16 pages less free and no free order-4
     * block.
     */
    @Test
    void countersThatDifferAtTheEndAreListed() throws Exception {
        String o = compareSplitWith(SPLIT.replace("order: 4", "order: 5"));
        assertTrue(o.contains("difference at step 2:\n"), o);
        assertTrue(o.contains("    order: A 4, B 5\n"), o);
        assertTrue(o.contains("""
                counters that differ at the end:
                  DMA nr_free_pages: A 4080, B 4064
                  DMA nr_free[4]: A 1, B 0
                """), o);
    }

    // ---- bad input ----------------------------------------------------------------------------

    /** A recording of buddy-split-merge, written as {@code name} after {@code change} altered its bytes. */
    private Path altered(String name, Consumer<byte[]> change) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(record("buddy-split-merge", "bsm.rec").file()));
        change.accept(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void aCorruptRecordingIsNamed() throws Exception {
        Path bad = altered("bad.rec", bytes -> bytes[bytes.length / 2] ^= 0x40);
        assertBadInput(run("compare", "buddy-split-merge", bad.toString()),
                bad + ": checksum mismatch: the file is corrupt or was altered");
    }

    @Test
    void aRecordingOfAnotherFormatVersionIsNamed() throws Exception {
        // The format version follows the 8-byte magic.
        Path old = altered("old.rec", bytes -> ByteBuffer.wrap(bytes).putInt(8, 3));
        assertBadInput(run("compare", old.toString(), "buddy-split-merge"),
                old + ": recording format version 3, but this build reads version 4");
    }

    @Test
    void missingAndMalformedInputsAreNamed() throws Exception {
        assertBadInput(run("compare", dir.resolve("missing.rec").toString(), "buddy-split-merge"),
                "missing.rec: no such file");
        err.getBuffer().setLength(0);
        Path junk = Files.writeString(dir.resolve("junk.rec"), "junk");
        assertBadInput(run("compare", "buddy-split-merge", junk.toString()),
                junk + ": not a Folioscope recording (no FOLIOREC header)");
        err.getBuffer().setLength(0);
        String bad = scenario("bad.yaml", "version: 1\ntitle: t\ndescription: d\nmachine: {memory: -4M}\nsteps: []\n");
        assertBadInput(run("compare", bad, "buddy-split-merge"), bad + ":4:");
        err.getBuffer().setLength(0);
        assertBadInput(run("compare", "buddy-split-merge", "buddy-split-merge", "--max-diffs", "0"),
                "--max-diffs 0: at least 1");
    }

    @Test
    void helpListsCompareAndItsExitStatus() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("compare"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("compare", "--help"));
        assertTrue(out.toString().contains("Exit status: 0 identical, 1 they differ, 2 bad input."), out.toString());
        assertTrue(out.toString().contains("--max-diffs=N"), out.toString());
    }
}

package dev.folioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.RecordingFile;
import dev.folioscope.recording.RecordingFileTest;
import dev.folioscope.recording.RecordingInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's output and exit codes, as a script calling the jar would see them. Expected
 * /proc text is worked out by hand from the scenario, not computed through the code under test.
 */
class CliTest {
    /** A 16 MiB machine is all ZONE_DMA (pfns 0..4095): four free order-10 blocks once booted. */
    private static final String MACHINE_16M = """
            version: 1
            title: Order-4 split
            description: d
            machine: {memory: 16M, cpus: 1}
            steps:
              - alloc: {label: a, order: 4, gfp: GFP_HIGHUSER_MOVABLE}
            """;
    private static final String BOOTED_BUDDYINFO =
            "Node 0, zone      DMA      0      0      0      0      0      0      0      0      0      0      4 \n";
    /** The order-4 request splits the first order-10 block 10 -> 4: one free block of each order 4..9 is left. */
    private static final String AFTER_ORDER_4_BUDDYINFO =
            "Node 0, zone      DMA      0      0      0      0      1      1      1      1      1      1      3 \n";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path scenario(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    /** Exit 2 with exactly one line on stderr, no stack trace, containing each of {@code expected}. */
    private void assertBadInput(int exit, String... expected) {
        String e = err.toString();
        assertEquals(2, exit, e);
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertTrue(e.startsWith("folioscope: "), e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
        for (String x : expected) {
            assertTrue(e.contains(x), "expected '" + x + "' in: " + e);
        }
    }

    // ---- bench --------------------------------------------------------------------------------

    /**
     * bench --pressure on a 16 MiB machine: anonymous memory and a file read, each as large as RAM,
     * cannot both stay, so the run reports reclaim (pages stolen) and the usual measures.
     */
    @Test
    void benchUnderPressureReportsReclaim() {
        assertEquals(0, run("bench", "--pressure", "--memory", "16M", "--seeks", "5"), err.toString());
        String o = out.toString();
        String reclaim = o.lines().filter(l -> l.startsWith("reclaim:")).findFirst().orElseThrow();
        long stolen = java.util.regex.Pattern.compile("pgsteal_(kswapd|direct) (\\d+)").matcher(reclaim).results()
                .mapToLong(m -> Long.parseLong(m.group(2))).sum();
        assertTrue(stolen > 0, reclaim);
        assertTrue(o.contains("seek random:"), o);
    }

    @Test
    void benchTakesOneWorkloadAtATime() {
        assertBadInput(run("bench", "--pressure", "--faults", "10"), "--faults and --pressure");
    }

    // ---- run ----------------------------------------------------------------------------------

    @Test
    void aBooted16MiBMachineHasFourFreeOrder10Blocks() throws Exception {
        Path yaml = scenario("split.yaml", MACHINE_16M);
        assertEquals(0, run("run", yaml.toString(), "--at", "0", "--dump", "buddyinfo"), err.toString());
        assertEquals(BOOTED_BUDDYINFO, out.toString());
    }

    @Test
    void anOrder4AllocationSplitsTheFirstOrder10Block() throws Exception {
        Path yaml = scenario("split.yaml", MACHINE_16M);
        assertEquals(0, run("run", yaml.toString()), err.toString());
        assertEquals(AFTER_ORDER_4_BUDDYINFO, out.toString(), "the default step is the last");

        int last = recordedEvents(yaml);
        out.getBuffer().setLength(0);
        assertEquals(0, run("run", yaml.toString(), "--at", String.valueOf(last)));
        assertEquals(AFTER_ORDER_4_BUDDYINFO, out.toString(), "--at the last step");
    }

    @Test
    void severalFilesAreEachHeaded() throws Exception {
        Path yaml = scenario("split.yaml", MACHINE_16M);
        assertEquals(0, run("run", yaml.toString(), "--at", "0", "--dump", "buddyinfo,buddyinfo"));
        String headed = "==> /proc/buddyinfo <==\n" + BOOTED_BUDDYINFO;
        assertEquals(headed + headed, out.toString());
    }

    @Test
    void aStepOutOfRangeExitsWith2() throws Exception {
        Path yaml = scenario("split.yaml", MACHINE_16M);
        int last = recordedEvents(yaml);
        err.getBuffer().setLength(0);
        assertBadInput(run("run", yaml.toString(), "--at", String.valueOf(last + 1)),
                "--at " + (last + 1) + ": the recording has steps 0.." + last);
        err.getBuffer().setLength(0);
        assertBadInput(run("run", "buddy-split-merge", "--at", "99999999"), "--at 99999999");
        err.getBuffer().setLength(0);
        assertBadInput(run("run", "buddy-split-merge", "--at", "-1"), "--at -1");
    }

    /** 8 pages mapped at window page 16, 4 written, then shared with a child (pid 2) by fork. */
    private static final String FORKED_WRITES = """
            version: 2
            title: Four written pages shared by fork
            description: d
            machine: {memory: 64M, cpus: 1}
            steps:
              - spawn: {process: parent}
              - mmap: {process: parent, as: a, at: window+16, length: 8 pages, prot: rw,
                       flags: private anonymous fixed}
              - touch: {process: parent, region: a, pages: 0-3, write: true}
              - fork: {process: parent, child: child}
            """;

    @Test
    void smapsPrintsEachVmaOfTheChildWithHalfThePssOfItsSharedPages() throws Exception {
        Path yaml = scenario("forked.yaml", FORKED_WRITES);
        assertEquals(0, run("run", yaml.toString(), "--pid", "2", "--dump", "smaps"), err.toString());
        // 16 kB written and mapped twice: Pss 8 kB; the child's PTEs are old: nothing referenced.
        // The stack (33 pages, none touched) follows, as a spawned process has only that.
        // Each block is 25 lines: the maps line, 3 sizes, 19 counters, THPeligible, VmFlags.
        List<String> lines = out.toString().lines().toList();
        assertEquals(50, lines.size(), out.toString());
        assertEquals(List.of("7f0000010000-7f0000018000 rw-p 00000000 00:00 0 ", "Size:                 32 kB",
                "KernelPageSize:        4 kB", "MMUPageSize:           4 kB", "Rss:                  16 kB",
                "Pss:                   8 kB", "Pss_Dirty:             8 kB", "Shared_Clean:          0 kB",
                "Shared_Dirty:         16 kB", "Private_Clean:         0 kB", "Private_Dirty:         0 kB",
                "Referenced:            0 kB", "Anonymous:            16 kB"), lines.subList(0, 13));
        assertEquals(List.of("THPeligible:           0", "VmFlags: rd wr mr mw me ac "), lines.subList(23, 25));
        assertEquals(List.of("7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]",
                "Size:                132 kB"), lines.subList(25, 27));
        assertEquals("Rss:                   0 kB", lines.get(29));
        assertEquals("VmFlags: rd wr mr mw me gd ac ", lines.getLast());
    }

    @Test
    void smapsRollupSumsTheParentsVmasFromTheFirstStartToTheLastEnd() throws Exception {
        Path yaml = scenario("forked.yaml", FORKED_WRITES);
        assertEquals(0, run("run", yaml.toString(), "--pid", "1", "--dump", "smaps_rollup"), err.toString());
        // 16 kB mapped twice: Pss 8 kB, all of it anonymous; the parent's PTEs stay young
        List<String> lines = out.toString().lines().toList();
        assertEquals("7f0000010000-7ffffffff000 ---p 00000000 00:00 0                          [rollup]",
                lines.getFirst());
        assertEquals(List.of("Rss:                  16 kB", "Pss:                   8 kB", "Pss_Dirty:             8 kB",
                "Pss_Anon:              8 kB", "Pss_File:              0 kB", "Pss_Shmem:             0 kB"),
                lines.subList(1, 7));
        assertEquals("Referenced:           16 kB", lines.get(11));
        assertEquals("Locked:                0 kB", lines.getLast());
        assertEquals(23, lines.size(), "the rollup has no Size, THPeligible or VmFlags lines");
    }

    @Test
    void anUnknownDumpNameExitsWith2() {
        assertBadInput(run("run", "buddy-split-merge", "--dump", "buddyinfo,slabinfo"),
                "--dump slabinfo: no such /proc file; expected one of buddyinfo, meminfo, pagetypeinfo, swaps, vmstat,"
                        + " zoneinfo, or with --pid one of maps, status, pagemap, smaps, smaps_rollup, oom_score, oom_score_adj");
    }

    @Test
    void aPerProcessFileNeedsAPid() {
        assertBadInput(run("run", "buddy-split-merge", "--dump", "maps"), "--dump maps: a per-process file needs --pid");
    }

    /**
     * The conformance case file_fault_around as a scenario: its first dump is the one the C case
     * prints right after mapping the file twice (window pages 32-63 shared, 64-95 private).
     */
    @Test
    void kstatePrintsTheConformanceKitsDumps() {
        int exit = run("run", "src/test/resources/conformance/file-fault-around.yaml", "--dump", "kstate");
        String o = out.toString();
        assertEquals(Cli.EXIT_OK, exit, err.toString());
        assertTrue(o.startsWith("== after-mmap (parent)\nvma 32-64 rw-s\n  Rss: 0 kB\n"), o);
        assertTrue(o.contains("== after-private-read-warm (parent)\n"), o);
        assertTrue(o.contains("page 40 present=1 swapped=0 exclusive=1 file_or_shared=1 frame=8 mapcount=1"
                + " flags=uptodate,lru,mmap,mappedtodisk_or_anon_exclusive\n"), o);
    }

    @Test
    void kstateTakesTheWholeRunOnly() {
        assertBadInput(run("run", "fork-cow", "--dump", "kstate", "--at", "3"),
                "--dump kstate prints every kstate step of the run: it takes no other --dump name, --at or --pid");
    }

    @Test
    void aPerProcessFileNeedsALiveProcess() {
        assertBadInput(run("run", "fork-cow", "--pid", "2", "--dump", "maps"),
                "--pid 2: no live process has that pid at step ");
    }

    @Test
    void anUnparsableArgumentExitsWith2OnOneLine() {
        assertBadInput(run("run", "buddy-split-merge", "--at", "twelve"), "twelve", "folioscope run --help");
    }

    @Test
    void aMalformedScenarioExitsWith2AndNamesTheLine() throws Exception {
        Path bad = scenario("bad.yaml", "version: 1\ntitle: t\ndescription: d\nmachine: {memory: -4M}\nsteps: []\n");
        assertBadInput(run("run", bad.toString()), bad + ":4:");
        err.getBuffer().setLength(0);
        assertBadInput(run("record", bad.toString(), "-o", dir.resolve("x.rec").toString()), bad + ":4:");
        assertFalse(Files.exists(dir.resolve("x.rec")));
    }

    @Test
    void aFileThatIsNoScenarioExitsWith2() {
        assumeTrue(Files.isRegularFile(Path.of("/etc/passwd")));
        assertBadInput(run("run", "/etc/passwd"), "/etc/passwd");
    }

    @Test
    void anUnknownScenarioNameExitsWith2() {
        assertBadInput(run("record", "no-such-scenario", "-o", dir.resolve("x.rec").toString()),
                "no-such-scenario: no such file, nor a shipped scenario of that name; shipped: ", "buddy-split-merge");
        err.getBuffer().setLength(0);
        assertBadInput(run("run", dir.resolve("missing.yaml").toString()), "missing.yaml: no such file");
    }

    // ---- record and info ----------------------------------------------------------------------

    @Test
    void recordThenInfoShowTheEventCountAndTitle() throws Exception {
        Path yaml = scenario("split.yaml", MACHINE_16M);
        Path file = dir.resolve("split.rec");
        assertEquals(0, run("record", yaml.toString(), "-o", file.toString()), err.toString());
        Matcher m = Pattern.compile(Pattern.quote(file.toString()) + ": (\\d+) events, (\\d+) bytes\n")
                .matcher(out.toString());
        assertTrue(m.matches(), out.toString());
        int events = Integer.parseInt(m.group(1));
        assertTrue(events > 0);
        assertEquals(Files.size(file), Long.parseLong(m.group(2)));

        out.getBuffer().setLength(0);
        assertEquals(0, run("info", file.toString()), err.toString());
        assertTrue(out.toString().contains("scenario:       split — Order-4 split\n"), out.toString());
        assertTrue(out.toString().contains("events:         " + events + " ("), out.toString());
        assertTrue(out.toString().contains("file:           " + file + " (" + Files.size(file) + " bytes"),
                out.toString());

        out.getBuffer().setLength(0);
        assertBadInput(run("run", yaml.toString(), "--at", String.valueOf(events + 1)), "steps 0.." + events);
    }

    @Test
    void infoSaysWhetherARecordingWasCutShort() throws Exception {
        Path file = dir.resolve("full.rec");
        assertEquals(0, run("record", "buddy-split-merge", "-o", file.toString()), err.toString());
        assertEquals(0, run("info", file.toString()), err.toString());
        assertTrue(out.toString().contains("event budget:   " + Recorder.EVENT_BUDGET + "\nrecording:      complete\n"),
                out.toString());

        out.getBuffer().setLength(0);
        RecordingInput input = Catalog.input(Catalog.shipped("buddy-split-merge"));
        Path cut = Files.write(dir.resolve("cut.rec"), RecordingFile.toBytes(Recorder.record(input, n -> { },
                new Recorder.Budget(40, 1 << 20))));
        assertEquals(0, run("info", cut.toString()), err.toString());
        assertTrue(out.toString().contains("event budget:   40\nrecording:      cut short: the recording budget of 40"
                + " events was reached at event "), out.toString());
    }

    /** 9 steps of a million random operations need at least 9 x 2,000,001 events. */
    @Test
    void aScenarioThatMustExceedTheEventBudgetIsRefusedBeforeRecording() throws Exception {
        String steps = "  - random: {ops: 1000000}\n".repeat(9);
        Path yaml = scenario("huge.yaml", MACHINE_16M.substring(0, MACHINE_16M.indexOf("steps:\n") + 7) + steps);
        Path file = dir.resolve("huge.rec");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertBadInput(run("record", yaml.toString(), "-o",
                file.toString()), "scenario huge needs at least 18000009 events, more than the recording budget of "
                + Recorder.EVENT_BUDGET + ": lower steps[0].random.ops (1000000, line 6) or split the scenario"));
        assertFalse(Files.exists(file));
    }

    @Test
    void recordReplacesAnOlderFile() throws Exception {
        Path file = Files.writeString(dir.resolve("old.rec"), "old");
        assertEquals(0, run("record", scenario("split.yaml", MACHINE_16M).toString(), "-o", file.toString()));
        assertEquals(0, run("info", file.toString()), err.toString());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("old.rec", "split.yaml"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void recordRefusesAnOutputThatCannotBeWritten() throws Exception {
        String yaml = scenario("split.yaml", MACHINE_16M).toString();
        assertBadInput(run("record", yaml, "-o", "/"), "-o /: is a directory");
        err.getBuffer().setLength(0);
        assertBadInput(run("record", yaml, "-o", dir.toString()), "-o " + dir + ": is a directory");
        err.getBuffer().setLength(0);
        assertBadInput(run("record", yaml, "-o", "/no/such/dir/x.rec"),
                "-o /no/such/dir/x.rec: the directory /no/such/dir does not exist");
        err.getBuffer().setLength(0);
        Path file = Files.writeString(dir.resolve("file"), "");
        assertBadInput(run("record", yaml, "-o", file.resolve("x.rec").toString()), file + " is not a directory");
    }

    /**
     * Root may write any file whatever its mode bits, so this test uses /proc, where not even root
     * can create a file; the read-only-file check is tested only when not running as root.
     */
    @Test
    void recordRefusesADirectoryNobodyCanWriteIn() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        assertBadInput(run("record", "buddy-split-merge", "-o", "/proc/x.rec"), "-o /proc/x.rec: cannot");
        assertFalse(Files.exists(Path.of("/proc/x.rec")));
    }

    @Test
    void recordRefusesAReadOnlyFile() throws Exception {
        Path file = Files.writeString(dir.resolve("ro.rec"), "keep");
        assumeTrue(file.toFile().setWritable(false, false));
        assumeFalse(Files.isWritable(file), "running as root: mode bits do not stop root");
        assertBadInput(run("record", "buddy-split-merge", "-o", file.toString()),
                "-o " + file + ": the file is read-only");
        assertEquals("keep", Files.readString(file));
    }

    @Test
    void recordNeverReplacesAFifoOrDevice() throws Exception {
        Path fifo = fifo();
        assertBadInput(run("record", "buddy-split-merge", "-o", fifo.toString()), "is not a regular file");
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the FIFO is still there");
    }

    @Test
    void infoRefusesWhatIsNoRecordingFile() throws Exception {
        assertInfoRefused(dir, dir + ": is a directory");
        assertInfoRefused(dir.resolve("missing.rec"), "missing.rec: no such file");
        assertInfoRefused(Files.writeString(dir.resolve("junk.rec"), "junk"),
                "junk.rec: not a Folioscope recording (no FOLIOREC header)");
        Path big = dir.resolve("big.rec");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: nothing is written
        }
        assertInfoRefused(big, "big.rec: 3221225472 bytes, more than the 256 MiB a recording file may have");
    }

    @Test
    void infoNeverOpensAFifoOrDevice() throws Exception {
        Path fifo = fifo();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertInfoRefused(fifo, "not a regular file"),
                "opening a FIFO without a writer would hang");
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        assertInfoRefused(Path.of("/dev/zero"), "/dev/zero: not a regular file");
    }

    @Test
    void infoRefusesARecordingWhoseCountLies() throws Exception {
        Path file = dir.resolve("b.rec");
        assertEquals(0, run("record", "buddy-split-merge", "-o", file.toString()));
        Path lying = Files.write(dir.resolve("lying.rec"), RecordingFileTest.withEventCount(Files.readAllBytes(file),
                1_000_000_000));
        assertInfoRefused(lying, "lying.rec: the payload announces 1000000000 events, more than");
    }

    private void assertInfoRefused(Path file, String expected) {
        err.getBuffer().setLength(0);
        assertBadInput(run("info", file.toString()), expected);
    }

    // ---- text from files on the terminal ------------------------------------------------------

    @Test
    void infoShowsControlCharactersInATitleAsEscapes() throws Exception {
        RecordingInput real = Catalog.input(Catalog.shipped("buddy-split-merge"));
        String title = "pwned\u001b]0;pwned\u0007 \u001b[31mred\u009b1m\nsecond line";
        RecordingInput evil = new RecordingInput(real.name(), title, real.text(), real.machine(), real.workload());
        Path file = Files.write(dir.resolve("evil.rec"), RecordingFile.toBytes(Recorder.record(evil, n -> { })));

        assertEquals(0, run("info", file.toString()), err.toString());

        String shown = out.toString();
        assertTrue(shown.contains("pwned\\x1b]0;pwned\\x07 \\x1b[31mred\\x9b1m\\x0asecond line\n"), shown);
        assertTrue(shown.chars().noneMatch(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f), shown);
    }

    @Test
    void errorMessagesShowControlCharactersAsEscapes() {
        assertBadInput(run("info", dir.resolve("a\u001b[2Jb.rec").toString()), "a\\x1b[2Jb.rec: no such file");
        assertTrue(err.toString().chars().noneMatch(c -> c == 0x1b), err.toString());
    }

    // ---- out of memory ------------------------------------------------------------------------

    /** Runs the jar's main class in a JVM with a 32 MiB heap, which a 64 GiB machine cannot fit in. */
    @Test
    void aScenarioTooLargeForTheHeapIsABadInputNotACrash() throws Exception {
        Path yaml = scenario("huge.yaml", MACHINE_16M.replace("16M", "64G"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                "dev.folioscope.Folioscope", "record", yaml.toString(), "-o", dir.resolve("huge.rec").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), stderr);
        assertTrue(stderr.startsWith("folioscope: the recording of " + yaml
                + " needs more memory than the Java heap allows (max "), stderr);
        assertTrue(stderr.contains("lower the scenario's machine memory, ops or count, or run java with a larger -Xmx"),
                stderr);
        assertFalse(stderr.contains("\tat "), stderr);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The number of events (the last step) of a scenario, as {@code record} reports it. */
    private int recordedEvents(Path yaml) {
        int before = out.getBuffer().length();
        assertEquals(0, run("record", yaml.toString(), "-o", dir.resolve("count.rec").toString()), err.toString());
        Matcher m = Pattern.compile(": (\\d+) events,").matcher(out.getBuffer().substring(before));
        assertTrue(m.find(), out.toString());
        out.getBuffer().setLength(before);
        return Integer.parseInt(m.group(1));
    }

    private Path fifo() throws Exception {
        Path fifo = dir.resolve("fifo");
        int exit;
        try {
            exit = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        } catch (IOException e) {
            exit = -1;
        }
        assumeTrue(exit == 0 && Files.exists(fifo), "mkfifo is available");
        return fifo;
    }
}

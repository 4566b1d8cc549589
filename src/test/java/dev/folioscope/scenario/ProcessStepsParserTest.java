package dev.folioscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Format version 2: processes and their memory system calls. What each kind reads, and every
 * mistake the parser refuses, with its exact message and position (columns counted by hand from
 * the YAML, from 1).
 */
class ProcessStepsParserTest {
    /** The top of a format-2 file with 2 CPUs, its steps to follow from line 6. */
    static final String HEAD = """
            version: 2
            title: t
            description: d
            machine: {memory: 16M, cpus: 2}
            steps:
            """;

    /** Process p with its 8-page region a, at lines 6 and 7: a step added after them is on line 8. */
    private static final String P_AND_A = HEAD + """
              - spawn: {process: p}
              - mmap: {process: p, as: a, length: 8 pages, prot: rw}
            """;

    // ---- what each kind reads ---------------------------------------------------------------

    @Test
    void everyKindWithItsKeys() {
        List<Step> steps = parse(HEAD + """
                  - spawn: {process: p, cpu: 1, note: first}
                  - mmap: {process: p, as: a, at: window+16, length: 8 pages, prot: rw, flags: private anonymous fixed}
                  - mmap: {process: p, length: 0x1000, prot: PROT_READ | PROT_EXEC}
                  - mmap: {process: p, as: b, at: a + 8, length: 2M, prot: none, flags: MAP_SHARED|MAP_ANONYMOUS}
                  - touch: {process: p, region: a, pages: [0-3, 5], write: true}
                  - touch: {process: p, region: heap, page: 0}
                  - fork: {process: p, child: kid}
                  - munmap: {process: kid, region: a, pages: 2-3}
                  - mprotect: {process: p, region: a, page: 4, prot: r}
                  - madvise: {process: p, region: a, advice: MADV_DONTNEED}
                  - mlock: {process: p, region: b, pages: 0-1}
                  - munlock: {process: p, region: window, pages: 0x10-0x17}
                  - mremap: {process: p, region: a, length: 32K, flags: maymove fixed, to: 0x7f0000100000}
                  - brk: {process: p, to: 3 pages}
                  - exec: {process: kid}
                  - exit: {process: kid}
                """);
        assertEquals(List.of(
                new Step.Spawn("p", 0, 1, "first", 6),
                new Step.Mmap("p", "a", new Step.Address("window", 16), 8 * 4096, 3, 0x32, null, 0, 0, null, 7),
                new Step.Mmap("p", null, null, 4096, 5, 0x22, null, 0, 0, null, 8),
                new Step.Mmap("p", "b", new Step.Address("a", 8), 2 << 20, 0, 0x21, null, 0, 0, null, 9),
                new Step.Touch("p", "a", List.of(new Step.Pages(0, 3), new Step.Pages(5, 5)), true, 0, null, 10),
                new Step.Touch("p", "heap", List.of(new Step.Pages(0, 0)), false, 0, null, 11),
                new Step.Fork("p", "kid", 0, null, 12),
                new Step.Munmap(new Step.Span("kid", "a", new Step.Pages(2, 3)), 0, null, 13),
                new Step.Mprotect(new Step.Span("p", "a", new Step.Pages(4, 4)), 1, 0, null, 14),
                new Step.Madvise(new Step.Span("p", "a", null), 4, 0, null, 15),
                new Step.Mlock(new Step.Span("p", "b", new Step.Pages(0, 1)), 0, null, 16),
                new Step.Munlock(new Step.Span("p", "window", new Step.Pages(16, 23)), 0, null, 17),
                new Step.Mremap("p", "a", 32768, 3, new Step.Address(null, 0x7f0000100L), 0, null, 18),
                new Step.Brk("p", 12288, 0, null, 19),
                new Step.Exec("kid", 0, null, 20),
                new Step.Exit("kid", 0, null, 21)), steps);
    }

    @Test
    void describeIsWhatTheDebuggerShows() {
        List<String> described = parse(HEAD + """
                  - spawn: {process: p}
                  - mmap: {process: p, as: a, at: window+16, length: 8 pages, prot: rw, flags: private anonymous fixed}
                  - mmap: {process: p, length: 100, prot: none}
                  - touch: {process: p, region: a, pages: [0-3, 5], write: true}
                  - touch: {process: p, region: a, page: 6}
                  - fork: {process: p, child: kid}
                  - munmap: {process: kid, region: a, pages: 2-3}
                  - mprotect: {process: p, region: a, page: 4, prot: r}
                  - madvise: {process: p, region: a, advice: dontneed}
                  - mlock: {process: p, region: a}
                  - munlock: {process: p, region: a}
                  - mremap: {process: p, region: a, length: 32K, flags: maymove fixed, to: window+100}
                  - brk: {process: p, to: -4096}
                  - exec: {process: p}
                  - exit: {process: kid}
                """).stream().map(Step::describe).toList();
        assertEquals(List.of("spawn p", "mmap p a: 8 pages rw at window+16, private anonymous fixed",
                "mmap p: 100 bytes none, private anonymous", "touch p a pages 0-3, 5, write", "touch p a page 6, read",
                "fork p: child kid", "munmap kid a pages 2-3", "mprotect p a page 4 to r", "madvise p a dontneed",
                "mlock p a", "munlock p a", "mremap p a to 8 pages, maymove fixed at window+100", "brk p to heap-4096",
                "exec p", "exit kid"), described);
    }

    @Test
    void theWindowIsAtTheDefaultOrWhereTheFileSays() {
        assertEquals(0x7f0000000000L, ScenarioParser.parse("w.yaml", P_AND_A).window());
        Scenario s = ScenarioParser.parse("w.yaml", P_AND_A.replace("steps:", "window: 0x200000000000\nsteps:"));
        assertEquals(0x200000000000L, s.window());
        assertEquals(2, s.version());
    }

    /** The regions a child has are its parent's at the fork; the parent's later ones are not. */
    @Test
    void aChildHasItsParentsRegionsAtTheFork() {
        assertBad(P_AND_A + """
                  - fork: {process: p, child: c}
                  - mmap: {process: p, as: b, length: 1 page, prot: r}
                  - munmap: {process: p, region: a}
                  - touch: {process: c, region: a, page: 7}
                  - touch: {process: c, region: b, page: 0}
                """, "s.yaml:12:33: touch.region 'b' is not a region of process c (it is a region of p); expected one"
                + " of a, window, heap");
    }

    @Test
    void theExamplesParse() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/scenarios-v2"))) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertEquals(List.of("fork-cow", "mprotect-split-merge"), all.stream()
                    .map(p -> ScenarioParser.read(p).name()).toList());
        }
    }

    // ---- mistakes ---------------------------------------------------------------------------

    /** Each step is on line 8, after process p and its 8-page region a. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            touch: {process: q, region: a, page: 1}                      | 8:22: touch.process 'q' is not a process; expected one of p
            touch: {process: p, region: b, page: 1}                      | 8:33: touch.region 'b' is not a region of process p; expected one of a, window, heap
            touch: {process: p, region: a, page: 8}                      | 8:42: touch.page 8 is outside region a (8 pages: 0-7); expected pages from 0 to 7
            touch: {process: p, region: a, pages: 6-9}                   | 8:43: touch.pages 6-9 is outside region a (8 pages: 0-7); expected pages from 0 to 7
            touch: {process: p, region: a, pages: 5-3}                   | 8:43: touch.pages 5-3 runs backwards; expected the lower page first, e.g. 3-5
            touch: {process: p, region: a, pages: x}                     | 8:43: touch.pages is 'x'; expected a page (5), a range of pages (0-3) or a list of them ([0, 2, 4-7])
            touch: {process: p, region: a, pages: []}                    | 8:43: touch.pages is an empty list; expected a page (5), a range of pages (0-3) or a list of them ([0, 2, 4-7])
            touch: {process: p, region: a, page: 1, pages: 2}            | 8:45: touch has both page and pages; expected one of them
            touch: {process: p, region: a}                               | 8:12: touch has neither page nor pages; expected one of them
            touch: {process: p, page: 1}                                 | 8:12: missing required key 'region' in touch; expected keys process, region and page or pages (write, cpu and note are optional)
            touch: {process: p, region: a, page: 1, write: yes}          | 8:52: touch.write is 'yes'; expected true or false
            touch: {process: p, region: window, page: 0x10000000}        | 8:47: touch.page 268435456 is past the end of the user address space (TASK_SIZE 0x7ffffffff000); expected pages from 0 to 268435454
            mmap: {process: p, as: a, length: 1 page, prot: r}           | 8:28: mmap.as 'a' is already a region of process p (mapped at line 7); expected a new name, or a munmap of the whole region first
            mmap: {process: p, as: heap, length: 1 page, prot: r}        | 8:28: mmap.as 'heap' is a built-in region; expected another name
            mmap: {process: p, length: 0, prot: r}                       | 8:32: mmap.length is 0; expected a length from 1 byte to 2^47 (the user address space): bytes, or a number with suffix K, M, G or pages, e.g. 8 pages or 32K
            mmap: {process: p, length: 8 pagez, prot: r}                 | 8:32: mmap.length is '8 pagez'; expected a length from 1 byte to 2^47 (the user address space): bytes, or a number with suffix K, M, G or pages, e.g. 8 pages or 32K
            mmap: {process: p, length: 0x800000001000, prot: r}          | 8:32: mmap.length is 0x800000001000; expected a length from 1 byte to 2^47 (the user address space): bytes, or a number with suffix K, M, G or pages, e.g. 8 pages or 32K
            mmap: {process: p, length: 40000000000 pages, prot: r}       | 8:32: mmap.length is '40000000000 pages', more than 2^47 bytes; expected a length from 1 byte to 2^47 (the user address space): bytes, or a number with suffix K, M, G or pages, e.g. 8 pages or 32K
            mmap: {process: p, length: 2M, prot: rwz}                    | "8:42: mmap.prot is 'rwz'; expected none, or the letters of rwx it grants in that order (r, rw, rx, rwx...), or PROT_ names joined by |"
            mmap: {process: p, length: 2M, prot: r, flags: private fixed} | 8:52: mmap.flags 'private fixed' lacks anonymous; expected anonymous among the flags, or a file to map (file: NAME)
            mmap: {process: p, length: 2M, prot: r, flags: anonymous fixed} | 8:52: mmap.flags has fixed but the step has no at; expected at, the address to map at, e.g. at: window+16
            mmap: {process: p, length: 2M, prot: r, flags: private anon}  | "8:52: mmap.flags: unknown flag 'anon'; expected words among shared, private, shared_validate, anonymous, fixed, fixed_noreplace, noreserve, populate, locked, nonblock, growsdown, stack, hugetlb, sync, droppable, 32bit, denywrite (or their C names), separated by spaces or |"
            mmap: {process: p, length: 2M, prot: r, at: 0x7f0000000001}  | 8:49: mmap.at 0x7f0000000001 is not page-aligned; expected a multiple of 0x1000
            mmap: {process: p, length: 2M, prot: r, at: window+}         | 8:49: mmap.at is 'window+'; expected an address: window+N (page N of the window), heap+N, REGION+N, or a page-aligned number such as 0x7f0000000000
            mmap: {process: p, length: 2M, prot: r, at: c+1}             | 8:49: mmap.at 'c' is not a region of process p; expected one of a, window, heap
            mmap: {process: p, length: 2M}                               | 8:11: missing required key 'prot' in mmap; expected keys process, length and prot (as, at, flags, file, offset, cpu and note are optional)
            munmap: {process: p, region: window}                         | 8:34: munmap.region 'window' has no length of its own; expected page or pages with it
            munmap: {process: p, region: a, pages: [1, 2]}               | 8:44: munmap.pages is a list; expected a page (5) or a range of pages (2-4)
            mprotect: {process: p, region: a, pages: 2-4}                | 8:15: missing required key 'prot' in mprotect; expected keys process, region and prot (page, pages, cpu and note are optional)
            madvise: {process: p, region: a, advice: dontneeed}          | 8:46: madvise.advice is 'dontneeed'; expected one of normal, random, sequential, willneed, dontneed, free, remove, dontfork, dofork, mergeable, unmergeable, hugepage, nohugepage, dontdump, dodump, wipeonfork, keeponfork, cold, pageout, populate_read, populate_write, dontneed_locked, collapse (or its MADV_ name)
            mremap: {process: p, region: a, length: 4K, flags: maymove fixed} | 8:56: mremap.flags has fixed but the step has no to; expected to, the address to move to, e.g. to: window+100
            mremap: {process: p, region: a, length: 4K, to: window+100}  | 8:53: mremap.to is given but flags lack fixed; expected flags: maymove fixed with to (the kernel reads the new address only with MREMAP_FIXED)
            mremap: {process: p, region: heap, length: 4K}               | 8:34: mremap.region 'heap' is not a mapping of its own; expected a region the process mapped with as
            brk: {process: p, to: 0x1p3}                                 | 8:27: brk.to is '0x1p3'; expected bytes from the start of the heap: an integer (may be negative) or a size such as 32K or 3 pages, at most 2^47
            fork: {process: p, child: p}                                 | 8:31: fork.child 'p' is already a process (spawned at line 6); expected a new name: a process name is never used twice
            fork: {process: p, child: "a very long name"}                | 8:31: fork.child is 'a very long name'; expected a process name of letters, digits, '_', '.' and '-', at most 15 characters (it is the task's comm)
            fork: {process: p, child: c, cpu: 2}                         | 8:39: fork.cpu is 2; expected a CPU from 0 to 1 (machine.cpus is 2)
            spawn: {process: q, window: 0x1000}                          | 8:25: unknown key 'window' in spawn; expected one of process, oom_score_adj, cpu, note
            mmap: {process: p, length: 1 page, prot: r, file: nofile}    | 8:55: mmap.file 'nofile' is not a file; expected a file step before this one, e.g. '- file: {file: data, size: 32 pages}'
            mmap: {process: p, length: 1 page, prot: r, offset: 4 pages} | 8:57: mmap.offset is given without file; expected file, the file to map, or no offset (anonymous memory has none)
            read: {process: p, file: f, pages: 0-3}                      | 8:30: read.file 'f' is not a file; expected a file step before this one, e.g. '- file: {file: data, size: 32 pages}'
            file: {file: f, size: 100}                                   | 8:27: file.size is 100; expected a size of whole pages, from 1 page to 4096 MiB, such as 32 pages or 128K
            sleep: {}                                                    | 8:5: unknown step 'sleep'; expected one of alloc, free, random, idle, drain_all_pages, spawn, fork, exit, exec, file, mmap, munmap, mprotect, madvise, mlock, munlock, mremap, brk, touch, read, write, fadvise, kstate
            """)
    void aMistakeInAStep(String step, String expected) {
        assertBad(P_AND_A + "  - " + step + "\n", "s.yaml:" + expected);
    }

    @Test
    void whatTheStepsBeforeHaveDoneDecidesWhatAStepMayName() {
        assertBad(HEAD + "  - touch: {process: p, region: a, page: 1}\n", "s.yaml:6:22: touch.process 'p' is not a"
                + " process; expected a spawn step before this one, e.g. '- spawn: {process: p}'");
        assertBad(HEAD + "  - spawn: {process: p}\n  - exit: {process: p}\n  - touch: {process: p, region: window,"
                + " page: 1}\n", "s.yaml:8:22: touch.process 'p' exited at line 7; expected a running process: none"
                + " is left");
        assertBad(P_AND_A + "  - munmap: {process: p, region: a}\n  - touch: {process: p, region: a, page: 0}\n",
                "s.yaml:9:33: touch.region 'a' is not a region of process p (unmapped at line 8); expected one of"
                        + " window, heap");
        assertBad(P_AND_A + "  - munmap: {process: p, region: a, pages: 0-7}\n  - mlock: {process: p, region: a}\n",
                "s.yaml:9:33: mlock.region 'a' is not a region of process p (unmapped at line 8); expected one of"
                        + " window, heap");
        assertBad(P_AND_A + "  - exec: {process: p}\n  - touch: {process: p, region: a, page: 0}\n",
                "s.yaml:9:33: touch.region 'a' is not a region of process p (gone with the exec at line 8); expected"
                        + " one of window, heap");
        assertBad(P_AND_A + "  - mremap: {process: p, region: a, length: 2 pages}\n  - touch: {process: p, region: a,"
                + " page: 2}\n", "s.yaml:9:42: touch.page 2 is outside region a (2 pages: 0-1); expected pages from"
                + " 0 to 1");
        // a munmap of part of a region keeps it: its pages count from its start
        parse(P_AND_A + "  - munmap: {process: p, region: a, pages: 0-3}\n  - touch: {process: p, region: a, page: 7}\n");
        // a whole munmap frees the name
        parse(P_AND_A + "  - munmap: {process: p, region: a}\n  - mmap: {process: p, as: a, length: 1 page, prot: r}\n");
    }

    @Test
    void theBadFilesOfFormatTwo() throws IOException {
        for (String[] bad : new String[][] {
            {"exited-process.yaml", "9:22: touch.process 'kid' exited at line 8; expected a running process: one of"
                    + " parent"},
            {"page-outside-region.yaml", "8:43: touch.pages 6-9 is outside region a (8 pages: 0-7); expected pages"
                    + " from 0 to 7"}}) {
            Path file = Path.of("src/test/resources/scenarios-bad", bad[0]);
            ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.read(file));
            assertEquals(file + ":" + bad[1], e.getMessage());
        }
    }

    @Test
    void aFormatOneFileHasNoProcesses() {
        String v1 = "version: 1\ntitle: t\ndescription: d\nmachine: {memory: 16M}\n";
        assertBad(v1 + "steps:\n  - spawn: {process: p}\n", "s.yaml:6:5: step spawn needs format version 2 (this file"
                + " is version 1); expected version: 2 at the top of the file, or one of alloc, free, random, idle,"
                + " drain_all_pages");
        assertBad(v1 + "window: 0x1000\nsteps:\n  - idle: {seconds: 1}\n", "s.yaml:5:1: unknown key 'window';"
                + " expected one of version, title, description, seed, machine, steps");
    }

    @Test
    void theTopLevelOfFormatTwo() {
        assertBad(HEAD.replace("steps:", "window: 0x1001\nsteps:") + "  - idle: {seconds: 1}\n", "s.yaml:5:9: window is"
                + " 0x1001, not page-aligned; expected a page-aligned address from 0x1000 to 0x7fffffffe000 (below"
                + " TASK_SIZE), e.g. 0x7f0000000000");
        assertBad(HEAD.replace("steps:", "window: 0x7ffffffff000\nsteps:") + "  - idle: {seconds: 1}\n",
                "s.yaml:5:9: window is 0x7ffffffff000; expected a page-aligned address from 0x1000 to 0x7fffffffe000"
                        + " (below TASK_SIZE), e.g. 0x7f0000000000");
        assertBad(HEAD.replace("description: d\n", "") + "  - idle: {seconds: 1}\n", "s.yaml:1:1: missing required key"
                + " 'description'; expected keys version, title, description, machine and steps (seed and window are"
                + " optional)");
        assertBad(HEAD.replace("version: 2", "version: 0"), "s.yaml:1:10: version is 0; expected 1 or 2, the format"
                + " versions");
    }

    // ---- limits -----------------------------------------------------------------------------

    @Test
    void atMostSixtyFourProcesses() {
        StringBuilder text = new StringBuilder(HEAD + "  - spawn: {process: p0}\n");
        for (int i = 1; i < ScenarioParser.MAX_PROCESSES; i++) {
            text.append("  - fork: {process: p0, child: p").append(i).append("}\n");
        }
        parse(text.toString());
        assertBad(text + "  - spawn: {process: p64}\n", "s.yaml:70:22: spawn.process 'p64' would be process 65;"
                + " expected at most 64 processes in a scenario");
    }

    @Test
    void atMostTwoHundredFiftySixRegionsInAProcessAtOnce() {
        StringBuilder text = new StringBuilder(HEAD + "  - spawn: {process: p}\n");
        for (int i = 0; i < ScenarioParser.MAX_REGIONS; i++) {
            text.append("  - mmap: {process: p, as: r").append(i).append(", length: 1 page, prot: r}\n");
        }
        assertBad(text + "  - mmap: {process: p, as: one-more, length: 1 page, prot: r}\n", "s.yaml:263:28: mmap.as"
                + " 'one-more' would be region 257 of process p; expected at most 256 regions in a process at once"
                + " (munmap some first)");
        parse(text + "  - munmap: {process: p, region: r0}\n  - mmap: {process: p, as: one-more, length: 1 page,"
                + " prot: r}\n");
    }

    @Test
    void touchListsAndAllTouchesTogetherAreCapped() {
        StringBuilder list = new StringBuilder("[0");
        for (int i = 1; i <= ScenarioParser.MAX_TOUCH_ITEMS; i++) {
            list.append(", 0");
        }
        String touch = "  - touch: {process: p, region: window, pages: ";
        assertBad(P_AND_A + touch + list + "]}\n", "s.yaml:8:241: touch.pages has 65 items; expected at most 64"
                + " (ranges count as one)");
        String half = touch + "0-1999999}\n";
        parse(P_AND_A + half + half);
        assertBad(P_AND_A + half + half + touch + "7}\n", "s.yaml:10:48: touch.pages 7 takes the accesses of the touch"
                + " steps past 4000000; expected at most 4000000 pages touched in a scenario, all touch steps together");
    }

    @Test
    void everyPageAndLengthStaysInsideTheUserAddressSpace() {
        // 2^47 bytes may be asked for (the kernel refuses it); nothing is computed past 2^48
        Step.Mmap m = (Step.Mmap) parse(P_AND_A + "  - mmap: {process: p, as: big, at: window+0x7ffffff, length:"
                + " 0x800000000000, prot: r}\n").getLast();
        assertEquals(1L << 47, m.length());
        assertBad(P_AND_A + "  - mmap: {process: p, at: window+0x800000000, length: 1 page, prot: r}\n", "s.yaml:8:28:"
                + " mmap.at is 'window+0x800000000'; expected an address: window+N (page N of the window), heap+N,"
                + " REGION+N, or a page-aligned number such as 0x7f0000000000, N a number of pages from 0 to"
                + " 34359738366");
        assertBad(P_AND_A + "  - mremap: {process: p, region: a, length: 99999999999999999999, flags: maymove}\n",
                "s.yaml:8:45: mremap.length is 99999999999999999999; expected a length from 1 byte to 2^47 (the user"
                        + " address space): bytes, or a number with suffix K, M, G or pages, e.g. 8 pages or 32K,"
                        + " written in decimal or as 0x hexadecimal");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static List<Step> parse(String text) {
        return ScenarioParser.parse("s.yaml", text).steps();
    }

    private static void assertBad(String text, String expected) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("s.yaml", text));
        assertEquals(expected, e.getMessage());
    }
}

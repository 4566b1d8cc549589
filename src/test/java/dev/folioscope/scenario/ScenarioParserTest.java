package dev.folioscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.PagingMode;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.boot.MachineConfig.ZoneConfig;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.pagealloc.Gfp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scenario format's error messages, one malformed file per mistake under
 * src/test/resources/scenarios-bad/, and the shipped scenarios under scenarios/.
 *
 * <p>Every expected line and column was worked out by hand from the YAML, counting from 1.
 */
class ScenarioParserTest {
    private static final String EXPECTED_MEMORY = "a size from 1M to 64G that is a multiple of 4K: bytes, or a"
            + " number with suffix K, M or G (KiB, MiB, GiB), e.g. 64M";

    private static final String MINIMAL = """
            version: 1
            title: t
            description: d
            machine:
              memory: 16M
            steps:
              - alloc: {label: a, order: 0}
            """;

    // ---- malformed files -------------------------------------------------------------------

    @Test
    void unknownKeyNamesTheAllowedKeys() {
        assertBad("unknown-key.yaml", "unknown-key.yaml:6:3: unknown key 'cpu' in machine; expected one of"
                + " memory, zones, cpus, transparent_hugepage, paging, swap, read_ahead_kb, sysctl");
    }

    @Test
    void duplicateKeyPointsAtTheSecondOne() {
        assertBad("duplicate-key.yaml", "duplicate-key.yaml:4:1: duplicate key 'title' (first at line 2);"
                + " expected each key at most once");
    }

    @Test
    void wrongTypeSaysWhatWasExpected() {
        assertBad("wrong-type.yaml", "wrong-type.yaml:6:9: machine.cpus is 'two'; expected an integer from 1 to 64");
    }

    @Test
    void pagingHasTwoModes() {
        assertBad("bad-paging.yaml", "bad-paging.yaml:6:11: machine.paging is '6-level'; expected 4-level or 5-level");
        assertBadText("p.yaml", MINIMAL.replace("memory: 16M", "memory: 16M\n  paging: 5"),
                "p.yaml:6:11: machine.paging is 5; expected 4-level or 5-level");
    }

    /** read_ahead_kb is whole pages, from one page up: a value the disk could not hold is refused where it is. */
    @Test
    void readAheadIsWholePages() {
        assertBadText("r.yaml", MINIMAL.replace("memory: 16M", "memory: 16M\n  read_ahead_kb: 130"),
                "r.yaml:6:18: machine.read_ahead_kb is 130; expected a multiple of 4 (whole pages) from 4 to 65536");
        assertBadText("r.yaml", MINIMAL.replace("memory: 16M", "memory: 16M\n  read_ahead_kb: 0"),
                "r.yaml:6:18: machine.read_ahead_kb is 0; expected an integer from 4 to 65536");
    }

    @Test
    void pagingIsFourLevelUnlessTheMachineSaysFive() {
        assertEquals(PagingMode.FOUR_LEVEL, ScenarioParser.parse("p.yaml", MINIMAL).machine().paging());
        assertEquals(PagingMode.FIVE_LEVEL, ScenarioParser.parse("p.yaml",
                MINIMAL.replace("memory: 16M", "memory: 16M\n  paging: 5-level")).machine().paging());
        assertEquals(PagingMode.FOUR_LEVEL, ScenarioParser.parse("p.yaml",
                MINIMAL.replace("memory: 16M", "memory: 16M\n  paging: 4-level")).machine().paging());
    }

    @Test
    void negativeMemory() {
        assertBad("negative-memory.yaml", "negative-memory.yaml:5:11: machine.memory is '-64M', a negative size;"
                + " expected " + EXPECTED_MEMORY);
    }

    @Test
    void orderAboveMaxPageOrder() {
        assertBad("order-too-large.yaml", "order-too-large.yaml:8:30: alloc.order is 11; expected an order"
                + " from 0 to 10 (MAX_PAGE_ORDER)");
    }

    @Test
    void badGfpNameUsesGfpParseMessage() {
        assertBad("bad-gfp.yaml", "bad-gfp.yaml:10:12: alloc.gfp: unknown gfp flag 'GFP_NOTHING'; expected names"
                + " such as GFP_KERNEL, GFP_USER, GFP_HIGHUSER_MOVABLE, GFP_DMA, GFP_DMA32, GFP_ATOMIC or __GFP_*"
                + " joined by |");
    }

    @Test
    void conflictingZoneModifiersInARandomGfpKey() {
        assertBad("conflicting-gfp.yaml", "conflicting-gfp.yaml:9:28: random.gfp 'GFP_DMA | GFP_DMA32' sets more"
                + " than one of __GFP_DMA, __GFP_DMA32 and __GFP_HIGHMEM (a GFP_ZONE_BAD combination);"
                + " expected at most one zone modifier");
    }

    @Test
    void bothMigratetypeModifiersAreRefusedInAllocAndRandom() {
        assertBadText("m.yaml",
                MINIMAL.replace("order: 0}", "order: 0, gfp: GFP_HIGHUSER_MOVABLE | __GFP_RECLAIMABLE}"),
                "m.yaml:7:38: alloc.gfp 'GFP_HIGHUSER_MOVABLE | __GFP_RECLAIMABLE' sets both __GFP_MOVABLE and"
                        + " __GFP_RECLAIMABLE; expected at most one migratetype modifier");
        assertBadText("m.yaml", MINIMAL.replace("- alloc: {label: a, order: 0}",
                "- random:\n      ops: 9\n      gfp:\n        GFP_KERNEL: 1\n"
                        + "        __GFP_RECLAIMABLE|__GFP_MOVABLE: 2\n"),
                "m.yaml:11:9: random.gfp '__GFP_RECLAIMABLE|__GFP_MOVABLE' sets both __GFP_MOVABLE and"
                        + " __GFP_RECLAIMABLE; expected at most one migratetype modifier");
    }

    private static final String RANDOM_AT_LINE_7 = MINIMAL.replace("  - alloc: {label: a, order: 0}\n",
            "  - random:\n      ops: 9\n");

    @Test
    void twoGfpKeysSpellingTheSameMask() {
        assertBadText("g.yaml", RANDOM_AT_LINE_7 + """
                      gfp:
                        GFP_KERNEL: 1
                        GFP_ATOMIC: 1
                        __GFP_RECLAIM | __GFP_IO | __GFP_FS: 2
                """, "g.yaml:12:9: random.gfp '__GFP_RECLAIM | __GFP_IO | __GFP_FS' is the same mask as 'GFP_KERNEL'"
                + " (first at line 10); expected each gfp mask at most once");
    }

    @Test
    void twoOrderKeysSpellingTheSameOrder() {
        assertBadText("o.yaml", RANDOM_AT_LINE_7 + "      orders: {0: 1, 3: 1, 0x0: 2}\n",
                "o.yaml:9:28: random.orders lists order 0 twice (first at line 9); expected each order at most once");
    }

    /** 2150 distinct masks at weight 1000000 would overflow an int sum (2150000000 > 2^31 - 1). */
    @Test
    void weightsOfOneMappingSumToAtMostOneBillion() {
        assertBadText("w.yaml", RANDOM_AT_LINE_7 + gfpWeights(2150, 1_000_000), "w.yaml:10:9: random.gfp weights sum"
                + " to 2150000000, more than 1000000000; expected weights that sum to at most 1000000000");
        assertBadText("w.yaml", RANDOM_AT_LINE_7 + gfpWeights(1000, 1_000_000) + "        GFP_ATOMIC: 1\n",
                "w.yaml:10:9: random.gfp weights sum to 1000000001, more than 1000000000; expected weights that sum"
                        + " to at most 1000000000");
        Step.Random r = (Step.Random) ScenarioParser.parse("w.yaml", RANDOM_AT_LINE_7 + gfpWeights(1000, 1_000_000))
                .steps().getFirst();
        assertEquals(1000, r.gfps().size());
        assertEquals(ScenarioParser.MAX_WEIGHT_SUM, r.gfps().stream().mapToLong(Step.Weighted::weight).sum());
    }

    /** {@code gfp:} with {@code count} distinct masks, GFP_KERNEL or GFP_NOIO with a subset of 11 harmless flags. */
    private static String gfpWeights(int count, int weight) {
        String[] flags = {"__GFP_ZERO", "__GFP_NOWARN", "__GFP_COMP", "__GFP_HARDWALL", "__GFP_THISNODE",
            "__GFP_ACCOUNT", "__GFP_WRITE", "__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_NOMEMALLOC", "__GFP_ZEROTAGS"};
        StringBuilder text = new StringBuilder("      gfp:\n");
        for (int i = 0; i < count; i++) {
            StringBuilder mask = new StringBuilder(i < (1 << flags.length) ? "GFP_KERNEL" : "GFP_NOIO");
            for (int bit = 0; bit < flags.length; bit++) {
                if ((i & (1 << bit)) != 0) {
                    mask.append(" | ").append(flags[bit]);
                }
            }
            text.append("        ").append(mask).append(": ").append(weight).append('\n');
        }
        return text.toString();
    }

    @Test
    void freeOfALabelDefinedOnlyLater() {
        assertBad("undefined-label.yaml", "undefined-label.yaml:8:19: free.label 'b' is not defined by an earlier"
                + " alloc or random step; expected one of a");
    }

    @Test
    void yamlSyntaxErrorIsConvertedWithItsMark() {
        assertBad("syntax-error.yaml", "syntax-error.yaml:6:8: YAML syntax error: mapping values are not allowed"
                + " here; expected well-formed YAML");
    }

    @Test
    void javaTagIsRefusedNotConstructed() {
        assertBad("java-tag.yaml", "java-tag.yaml:4:10: tag !!javax.script.ScriptEngineManager is not allowed;"
                + " expected plain YAML values, lists and mappings without tags");
    }

    @Test
    void customLocalTagIsRefused() {
        assertBad("custom-tag.yaml", "custom-tag.yaml:5:11: tag !size is not allowed;"
                + " expected plain YAML values, lists and mappings without tags");
    }

    private static final String NO_TAGS = "; expected plain YAML values, lists and mappings without tags";

    /** A tag written on the title, line 2: every one is refused, YAML's own types included. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            !!str                      | !!str
            !!int                      | !!int
            !!timestamp                | !!timestamp
            !!float                    | !!float
            !!bool                     | !!bool
            !!null                     | !!null
            !!binary                   | !!binary
            !!set                      | !!set
            !!omap                     | !!omap
            !!pairs                    | !!pairs
            !!seq                      | !!seq
            !!map                      | !!map
            !!merge                    | !!merge
            !                          | !
            !title                     | !title
            !<tag:yaml.org,2002:str>   | !!str
            !<tag:example.com,2000:t>  | tag:example.com,2000:t
            !!java.lang.Runtime        | !!java.lang.Runtime
            """)
    void everyWrittenTagIsRefused(String tag, String shown) {
        assertBadText("t.yaml", MINIMAL.replace("title: t", "title: " + tag + " t"),
                "t.yaml:2:8: tag " + shown + " is not allowed" + NO_TAGS);
    }

    /** MINIMAL with {@code from} replaced by {@code to}: the tag is refused at {@code position}. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            machine:    | machine: !!map    | 4:10 | !!map
            steps:      | steps: !!seq      | 6:8  | !!seq
            title: t    | !!str title: t    | 2:1  | !!str
            order: 0    | order: !!int 0    | 7:30 | !!int
            title: t    | title: &x !!str t | 2:8  | !!str
            memory: 16M | memory: ! 16M     | 5:11 | !
            """)
    void writtenTagsAreRefusedOnListsMappingsKeysAndNestedValues(String from, String to, String position,
            String shown) {
        assertBadText("t.yaml", MINIMAL.replace(from, to), "t.yaml:" + position + ": tag " + shown
                + " is not allowed" + NO_TAGS);
    }

    @Test
    void aSyntaxErrorAnywhereComesBeforeATag() {
        assertBadText("t.yaml", MINIMAL.replace("title: t", "title: !!java.lang.Runtime t") + "oops: [\n",
                "t.yaml:9:1: YAML syntax error: expected the node content, but found '<stream end>' (while parsing"
                        + " a flow node at line 9); expected well-formed YAML");
    }

    /** Without a tag, YAML 1.1 types plain values; where a string is expected any of them reads as its text. */
    @Test
    void plainValuesAreTypedByImplicitResolution() {
        for (String plain : new String[] {"2024-01-01", "2024-01-01 10:00:00", "2024", "1.5", "yes", "off", "0x10",
            "1:30", ".inf"}) {
            Scenario s = ScenarioParser.parse("p.yaml", MINIMAL.replace("title: t", "title: " + plain)
                    .replace("description: d", "description: " + plain));
            assertEquals(plain, s.title());
            assertEquals(plain, s.description());
        }
        assertBadText("p.yaml", MINIMAL.replace("description: d", "description: d\nseed: 2024-01-01"),
                "p.yaml:4:7: seed is '2024-01-01'; expected an integer");
        assertBadText("p.yaml", MINIMAL.replace("order: 0", "order: '0'"),
                "p.yaml:7:30: alloc.order is '0'; expected an order from 0 to 10 (MAX_PAGE_ORDER)");
        for (String empty : new String[] {"~", "null", ""}) {
            assertBadText("p.yaml", MINIMAL.replace("title: t", "title: " + empty),
                    "p.yaml:2:" + (empty.isEmpty() ? 7 : 8) + ": title is empty; expected a string");
        }
    }

    @Test
    void billionLaughsStopsAtTheFiftyFirstAlias() {
        // Lines 5-9 hold 45 aliases; the 51st is the 6th on line 10, at column 8 + 5 * 3.
        assertBad("alias-bomb.yaml", "alias-bomb.yaml:10:23: more than 50 aliases of lists or mappings;"
                + " expected at most 50");
    }

    @Test
    void missingTitleIsReportedAtTheMappingStart() {
        assertBad("missing-title.yaml", "missing-title.yaml:2:1: missing required key 'title'; expected keys"
                + " version, title, description, machine and steps (seed is optional)");
    }

    @Test
    void memoryAndZonesTogether() {
        assertBad("memory-and-zones.yaml", "memory-and-zones.yaml:6:3: machine has both memory and zones;"
                + " expected exactly one of them");
    }

    @Test
    void managedAbovePresent() {
        assertBad("managed-over-present.yaml", "managed-over-present.yaml:6:64: machine.zones.DMA.managed is 4000,"
                + " more than present 3998; expected managed <= present <= spanned");
    }

    @Test
    void emptySteps() {
        assertBad("empty-steps.yaml", "empty-steps.yaml:6:8: steps is an empty list; expected at least one alloc,"
                + " free, random, idle or drain_all_pages step");
    }

    @Test
    void overlappingZones() {
        assertBad("overlapping-zones.yaml", "overlapping-zones.yaml:8:26: machine.zones.Movable starts at pfn"
                + " 1100000, inside Normal (pfns 1048576 to 1114111); expected zones that do not overlap:"
                + " a start_pfn of at least 1114112");
    }

    @Test
    void lowmemReserveRatioOfThreeValues() {
        assertBad("bad-lowmem-ratio.yaml", "bad-lowmem-ratio.yaml:7:27: machine.sysctl.lowmem_reserve_ratio has"
                + " 3 values; expected a list of 5 ratios (DMA, DMA32, Normal, Movable, Device), or 4 without"
                + " Device, e.g. [256, 256, 32, 0, 0]");
    }

    @Test
    void freePercentAboveHundred() {
        assertBad("free-percent.yaml", "free-percent.yaml:7:38: random.free_percent is 150; expected an integer"
                + " from 0 to 100");
    }

    @Test
    void stepSettingsNotIndentedUnderTheStepKind() {
        assertBad("step-two-keys.yaml", "step-two-keys.yaml:7:5: a step has 3 keys (alloc, label, order);"
                + " expected exactly one step kind (alloc, free, random, idle or drain_all_pages), with the step's"
                + " settings indented under it");
    }

    @Test
    void everyBadFileIsRefusedWithAPosition() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/scenarios-bad"))) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(all.size() >= 16, "bad files: " + all);
            for (Path file : all) {
                ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.read(file),
                        file.toString());
                assertTrue(e.getMessage().startsWith(file + ":" + e.line() + ":" + e.column() + ": "), e.getMessage());
                assertTrue(e.line() > 0 && e.column() > 0, e.getMessage());
                assertTrue(e.reason().contains("; expected "), e.getMessage());
            }
        }
    }

    @Test
    void fileOverOneMebibyteIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("huge.yaml");
        String padding = "# " + "x".repeat(1021) + "\n"; // 1024 bytes
        StringBuilder text = new StringBuilder(MINIMAL);
        while (text.length() <= ScenarioParser.MAX_FILE_BYTES) {
            text.append(padding);
        }
        Files.writeString(big, text);
        long size = Files.size(big);
        assertTrue(size > 1024 * 1024);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.read(big));
        assertEquals(big + ": file is " + size + " bytes, the limit is 1 MiB", e.getMessage());
        assertEquals(0, e.line());

        ScenarioException fromText = assertThrows(ScenarioException.class,
                () -> ScenarioParser.parse("huge.yaml", text.toString()));
        assertEquals("huge.yaml: file is " + size + " bytes, the limit is 1 MiB", fromText.getMessage());
    }

    @Test
    void scenarioNameComesFromTheFileName() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioParser.parse("dir/Buddy_Split.yaml", MINIMAL));
        assertEquals("dir/Buddy_Split.yaml: the scenario name 'Buddy_Split' (the file name without .yaml) is not"
                + " allowed; expected lower-case letters, digits and '-', starting with a letter or digit, at most"
                + " 64 characters, e.g. buddy-split-merge.yaml", e.getMessage());
        assertEquals("my-test", ScenarioParser.parse("some/dir/my-test.yml", MINIMAL).name());
    }

    @Test
    void emptyFile() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("empty.yaml", "# nothing\n"));
        assertEquals("empty.yaml:1:1: the file has no YAML content; expected a mapping with keys version, title,"
                + " description, machine and steps (seed is optional)", e.getMessage());
    }

    @Test
    void missingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.read(missing));
        assertEquals(missing + ": no such file; expected a scenario .yaml file", e.getMessage());
    }

    @Test
    void unsupportedVersion() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioParser.parse("v.yaml", MINIMAL.replace("version: 1", "version: 3")));
        assertEquals("v.yaml:1:10: version is 3; expected 1 or 2, the format versions", e.getMessage());
    }

    @Test
    void unknownStepKindListsTheKinds() {
        assertBadText("s.yaml", MINIMAL.replace("- alloc: {label: a, order: 0}", "- sleep: {seconds: 1}"),
                "s.yaml:7:5: unknown step 'sleep'; expected one of alloc, free, random, idle, drain_all_pages");
    }

    @Test
    void aStepThatIsNotAMappingNamesTheStepKinds() {
        String kinds = "a one-key mapping whose key is the step kind (alloc, free, random, idle or"
                + " drain_all_pages), such as '- alloc: {label: a, order: 0}' or '- drain_all_pages:'";
        assertBadText("s.yaml", MINIMAL.replace("- alloc: {label: a, order: 0}", "- drain_all_pages"),
                "s.yaml:7:5: a step is 'drain_all_pages'; expected " + kinds);
        assertBadText("s.yaml", MINIMAL.replace("  - alloc: {label: a, order: 0}", "  alloc: {label: a, order: 0}"),
                "s.yaml:7:3: steps is a mapping; expected a list of steps, each " + kinds);
    }

    // ---- per-CPU pagesets: cpu, idle, drain_all_pages, percpu_pagelist_high_fraction --------

    private static final String FOUR_CPUS = """
            version: 1
            title: t
            description: d
            machine:
              memory: 16M
              cpus: 4
            steps:
            """;

    @Test
    void cpuPicksTheStepsCpuAndDefaultsToZero() {
        String text = FOUR_CPUS + """
                  - alloc: {label: a, order: 0, cpu: 3}
                  - alloc: {label: b, order: 1}
                  - free: {label: a, cpu: 2, note: remote free}
                  - free: {label: b}
                  - random: {ops: 10, cpu: 1}
                  - random: {label: r, ops: 10}
                """;
        List<Step> steps = ScenarioParser.parse("cpus.yaml", text).steps();
        assertEquals(new Step.Alloc("a", 0, 1, Gfp.GFP_KERNEL, "GFP_KERNEL", 3, null, 8), steps.get(0));
        assertEquals(0, ((Step.Alloc) steps.get(1)).cpu());
        assertEquals(new Step.Free("a", null, 2, "remote free", 10), steps.get(2));
        assertEquals(0, ((Step.Free) steps.get(3)).cpu());
        assertEquals(1, ((Step.Random) steps.get(4)).cpu());
        assertEquals(0, ((Step.Random) steps.get(5)).cpu());
    }

    /** Each step is written on line 9 of a 4-CPU machine, after an alloc of label a. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            alloc: {label: a, order: 0, cpu: 4} | s.yaml:9:38: alloc.cpu is 4; expected a CPU from 0 to 3 (machine.cpus is 4)
            free: {label: a, cpu: -1}           | s.yaml:9:27: free.cpu is -1; expected a CPU from 0 to 3 (machine.cpus is 4)
            random: {ops: 5, cpu: two}          | s.yaml:9:27: random.cpu is 'two'; expected a CPU from 0 to 3 (machine.cpus is 4)
            idle: {seconds: 0}                  | s.yaml:9:21: idle.seconds is 0; expected an integer from 1 to 3600
            idle: {seconds: 3601}               | s.yaml:9:21: idle.seconds is 3601; expected an integer from 1 to 3600
            idle: {note: a while}               | s.yaml:9:11: missing required key 'seconds' in idle; expected key seconds (note is optional)
            idle: {seconds: 1, cpu: 0}          | s.yaml:9:24: unknown key 'cpu' in idle; expected one of seconds, note
            idle:                               | s.yaml:9:10: idle is empty; expected a mapping such as {seconds: 5}
            drain_all_pages: {cpu: 1}           | s.yaml:9:23: unknown key 'cpu' in drain_all_pages; expected only the key note
            drain_all_pages: now                | s.yaml:9:22: drain_all_pages is 'now'; expected nothing, {} or a mapping with only a note, e.g. {note: ...}
            drain_all_pages: {note: ''}         | s.yaml:9:29: drain_all_pages.note is ''; expected a string
            """)
    void badPerCpuStepSettings(String step, String expected) {
        assertBadText("s.yaml", FOUR_CPUS + "  - alloc: {label: a, order: 0}\n  - " + step + "\n", expected);
    }

    @Test
    void cpuOfAOneCpuMachine() {
        assertBadText("c.yaml", MINIMAL.replace("order: 0}", "order: 0, cpu: 1}"),
                "c.yaml:7:38: alloc.cpu is 1; expected a CPU from 0 to 0 (machine.cpus is 1)");
    }

    @Test
    void idleStep() {
        String text = FOUR_CPUS + """
                  - idle: {seconds: 30, note: watch high decay}
                  - idle:
                      seconds: 3600
                """;
        List<Step> steps = ScenarioParser.parse("idle.yaml", text).steps();
        assertEquals(List.of(new Step.Idle(30, "watch high decay", 8), new Step.Idle(3600, null, 9)), steps);
    }

    @Test
    void drainAllPagesTakesNothingAnEmptyMappingOrANote() {
        String text = FOUR_CPUS + """
                  - drain_all_pages:
                  - drain_all_pages: {}
                  - drain_all_pages: {note: before compaction}
                  - drain_all_pages:
                      note: >-
                        folded
                        note
                """;
        List<Step> steps = ScenarioParser.parse("drain.yaml", text).steps();
        assertEquals(List.of(new Step.DrainAllPages(null, 8), new Step.DrainAllPages(null, 9),
                new Step.DrainAllPages("before compaction", 10), new Step.DrainAllPages("folded note", 11)), steps);
    }

    @Test
    void percpuPagelistHighFraction() {
        for (int ok : new int[] {0, 8, 100, Integer.MAX_VALUE}) {
            Scenario s = ScenarioParser.parse("f.yaml", MINIMAL.replace("memory: 16M",
                    "memory: 16M\n  sysctl: {percpu_pagelist_high_fraction: " + ok + "}"));
            assertEquals(ok, s.machine().sysctl().percpuPagelistHighFraction());
        }
        assertEquals(0, ScenarioParser.parse("f.yaml", MINIMAL).machine().sysctl().percpuPagelistHighFraction());
        String expected = "expected 0 or an integer from 8 to 2147483647 (the kernel refuses 1 to 7:"
                + " MIN_PERCPU_PAGELIST_HIGH_FRACTION is 8)";
        for (String bad : new String[] {"1", "7", "-1", "2147483648"}) {
            assertBadText("f.yaml", MINIMAL.replace("memory: 16M",
                    "memory: 16M\n  sysctl:\n    percpu_pagelist_high_fraction: " + bad),
                    "f.yaml:7:36: machine.sysctl.percpu_pagelist_high_fraction is " + bad + "; " + expected);
        }
    }

    /** vm.compaction_proactiveness and vm.extfrag_threshold, in the kernel's ranges (0..100, 0..1000). */
    @Test
    void compactionSysctls() {
        Scenario s = ScenarioParser.parse("f.yaml", MINIMAL.replace("memory: 16M",
                "memory: 16M\n  sysctl: {compaction_proactiveness: 0, extfrag_threshold: 1000}"));
        assertEquals(0, s.machine().sysctl().compactionProactiveness());
        assertEquals(1000, s.machine().sysctl().extfragThreshold());
        MachineConfig.Sysctl d = ScenarioParser.parse("f.yaml", MINIMAL).machine().sysctl();
        assertEquals(20, d.compactionProactiveness());
        assertEquals(500, d.extfragThreshold());
        assertBadText("f.yaml", MINIMAL.replace("memory: 16M", "memory: 16M\n  sysctl:\n    compaction_proactiveness: 101"),
                "f.yaml:7:31: machine.sysctl.compaction_proactiveness is 101; expected an integer from 0 to 100");
        assertBadText("f.yaml", MINIMAL.replace("memory: 16M", "memory: 16M\n  sysctl:\n    extfrag_threshold: -1"),
                "f.yaml:7:24: machine.sysctl.extfrag_threshold is -1; expected an integer from 0 to 1000");
    }

    /** vm.page-cluster takes 0 to page_cluster_max (31), as the kernel's sysctl table does. */
    @Test
    void pageCluster() {
        for (int ok : new int[] {0, 3, 31}) {
            Scenario s = ScenarioParser.parse("f.yaml", MINIMAL.replace("memory: 16M",
                    "memory: 16M\n  sysctl: {page_cluster: " + ok + "}"));
            assertEquals(Integer.valueOf(ok), s.machine().sysctl().pageCluster());
        }
        assertNull(ScenarioParser.parse("f.yaml", MINIMAL).machine().sysctl().pageCluster(), "the kernel picks it at boot");
        for (String bad : new String[] {"-1", "32"}) {
            assertBadText("f.yaml", MINIMAL.replace("memory: 16M", "memory: 16M\n  sysctl:\n    page_cluster: " + bad),
                    "f.yaml:7:19: machine.sysctl.page_cluster is " + bad + "; expected an integer from 0 to 31");
        }
    }

    // ---- foreign files: say what is wrong, never echo what they say --------------------------

    private static final String NOT_A_SCENARIO = ": the file is not a scenario: its top level is %s; expected a"
            + " mapping with keys version, title, description, machine and steps (seed is optional)";

    @Test
    void aPasswdFileIsNotEchoed(@TempDir Path dir) throws IOException {
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, """
                root:x:0:0:root:/root:/bin/bash
                daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
                alice:x:1000:1000:Alice Example,,,:/home/alice:/bin/bash
                """);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.read(passwd));
        assertEquals(passwd + ":1:1" + NOT_A_SCENARIO.formatted("a string"), e.getMessage());
    }

    @Test
    void aPasswdFileWithAColonSpaceIsASyntaxErrorWithoutItsText(@TempDir Path dir) throws IOException {
        Path passwd = dir.resolve("shadow");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice: the admin:/home/alice\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.read(passwd));
        assertEquals(passwd + ":2:24: YAML syntax error: mapping values are not allowed here; expected well-formed"
                + " YAML", e.getMessage());
        assertNull(e.getCause(), "SnakeYAML's exception quotes the line");
    }

    @Test
    void binaryFilesAreRefusedWithoutTheirBytes(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("image.yaml");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
            'R'});
        assertEquals(png + ": the file is not UTF-8 text; expected a UTF-8 encoded YAML file",
                assertThrows(ScenarioException.class, () -> ScenarioParser.read(png)).getMessage());
        Path elf = dir.resolve("program.yaml");
        Files.write(elf, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 'a', 'b', '\n'});
        assertEquals(elf + ":1:1: character U+007F is not allowed in YAML; expected printable text",
                assertThrows(ScenarioException.class, () -> ScenarioParser.read(elf)).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [a, b]           | a list
            - a              | a list
            42               | a number
            1.5              | a number
            yes              | a boolean
            2024-01-01       | a date
            ~                | empty
            "version: 1"     | a string
            plain text here  | a string
            """)
    void aFileWhoseTopLevelIsNotAMappingIsNamedByItsKind(String text, String kind) {
        assertBadText("top.yaml", text + "\n", "top.yaml:1:1" + NOT_A_SCENARIO.formatted(kind));
    }

    @Test
    void escapeSequencesAreDroppedAndLongValuesCut() {
        String escapes = "\\e]0;pwned\\a\\e[2J"; // YAML escapes: ESC ] 0 ; pwned BEL ESC [ 2 J
        assertBadText("e.yaml", MINIMAL.replace("version: 1", "version: \"" + escapes + "A".repeat(60) + "\""),
                "e.yaml:1:10: version is ']0;pwned[2J" + "A".repeat(26) + "...'; expected 1 or 2, the format versions");
        assertBadText("e.yaml", MINIMAL.replace("title: t", "title: t\n" + "k".repeat(300) + ": 1"),
                "e.yaml:3:1: unknown key '" + "k".repeat(37) + "...'; expected one of version, title, description,"
                        + " seed, machine, steps");
        assertBadText("e.yaml", MINIMAL.replace("order: 0}", "order: 0, gfp: \"GFP_KERNEL | \\u202e" + "X".repeat(50)
                + "\"}"), "e.yaml:7:38: alloc.gfp: unknown gfp flag '" + "X".repeat(37) + "...'; expected names"
                + " such as GFP_KERNEL, GFP_USER, GFP_HIGHUSER_MOVABLE, GFP_DMA, GFP_DMA32, GFP_ATOMIC or __GFP_*"
                + " joined by |");
        assertBadText("e.yaml", MINIMAL.replace("title: t", "title: *" + "x".repeat(100)),
                "e.yaml:2:8: YAML syntax error: found undefined alias " + "x".repeat(37) + "...; expected"
                        + " well-formed YAML");
        assertBadText("e.yaml", MINIMAL.replace("title: t", "title: t\ntitle: |\n  two\n  lines"),
                "e.yaml:3:1: duplicate key 'title' (first at line 2); expected each key at most once");
        assertBadText("e.yaml", MINIMAL.replace("version: 1", "version: \"1\\n\\t2\""),
                "e.yaml:1:10: version is '1\\n\\t2'; expected 1 or 2, the format versions");
    }

    @Test
    void longListsOfNamesAreCounted() {
        StringBuilder keys = new StringBuilder("  - ");
        for (char c = 'a'; c <= 'l'; c++) {
            keys.append(c).append(": 1\n    ");
        }
        assertBadText("n.yaml", MINIMAL.replace("  - alloc: {label: a, order: 0}", keys.toString().stripTrailing()),
                "n.yaml:7:5: a step has 12 keys (a, b, c, d, e, f, g, h, i, j and 2 more); expected exactly one step"
                        + " kind (alloc, free, random, idle or drain_all_pages), with the step's settings indented"
                        + " under it");
    }

    // ---- valid files -----------------------------------------------------------------------

    @Test
    void everyShippedScenarioParses() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(all.size() >= 3, "scenarios: " + all);
            for (Path file : all) {
                Scenario s = ScenarioParser.read(file);
                assertEquals(file.getFileName().toString().replace(".yaml", ""), s.name());
                assertFalse(s.title().isBlank());
                assertTrue(s.description().lines().count() >= 3, file + ": description should say what it teaches");
                assertFalse(s.steps().isEmpty());
                assertEquals(Files.readString(file), s.source());
            }
        }
    }

    @Test
    void buddySplitMergeHasTheExpectedMachineAndSteps() {
        Scenario s = ScenarioParser.read(Path.of("scenarios/buddy-split-merge.yaml"));
        MachineConfig m = s.machine();
        assertEquals(MachineConfig.zonesForMemory(16L << 20), m.zones());
        assertEquals(new ZoneConfig(ZoneType.DMA, 0, 4096, 4096, 4096), m.zones().get(ZoneType.DMA.ordinal()));
        assertEquals(1, m.cpus());
        assertEquals(ThpMode.NEVER, m.thp());
        assertEquals(MachineConfig.Sysctl.defaults(), m.sysctl());
        assertEquals(1, s.seed());

        Step.Alloc first = assertInstanceOf(Step.Alloc.class, s.steps().getFirst());
        assertEquals("first", first.label());
        assertEquals(0, first.order());
        assertEquals(1, first.count());
        assertEquals(Gfp.GFP_KERNEL, first.gfp());
        assertTrue(first.note().contains("expand()"));
        Step.Free free = assertInstanceOf(Step.Free.class, s.steps().get(1));
        assertNull(free.count());
        assertInstanceOf(Step.DrainAllPages.class, s.steps().get(2));
        Step.Alloc small = assertInstanceOf(Step.Alloc.class, s.steps().get(3));
        assertEquals(4, small.order());
        assertEquals(2, small.count());
        assertEquals(Gfp.GFP_HIGHUSER_MOVABLE, small.gfp());
        assertTrue(s.steps().stream().allMatch(st -> st.note() != null));
    }

    @Test
    void fullExampleWithExplicitZonesSysctlsAndDefaults() {
        String text = """
                version: 1
                title: Everything spelled out
                description: |
                  Line one.
                  Line two.
                seed: 0x2a
                machine:
                  zones:
                    Normal: {start_pfn: 1048576, spanned: 5505024, present: 5505024, managed: 163840}
                    DMA:    {start_pfn: 1, spanned: 4095, present: 3998, managed: 3840}
                    DMA32:  {start_pfn: 4096, spanned: 1044480, present: 782336}
                  cpus: 4
                  transparent_hugepage: madvise
                  sysctl:
                    min_free_kbytes: 1024
                    watermark_scale_factor: 150
                    lowmem_reserve_ratio: [128, 128, 16, 0]
                steps:
                  - alloc: {label: a, order: 3, count: 4, gfp: GFP_KERNEL | __GFP_ZERO, note: look here}
                  - random: {ops: 100}
                  - random:
                      label: mix
                      ops: 5000
                      orders: {0: 70, 1: 10, 3: 5, 9: 1}
                      gfp: {GFP_KERNEL: 1, GFP_HIGHUSER_MOVABLE: 3}
                      free_percent: 45
                  - free: {label: random, count: 2}
                  - free: {label: a}
                """;
        Scenario s = ScenarioParser.parse("full.yaml", text);
        assertEquals("full", s.name());
        assertEquals("Line one.\nLine two.", s.description());
        assertEquals(42, s.seed());
        MachineConfig m = s.machine();
        assertEquals(List.of(
                new ZoneConfig(ZoneType.DMA, 1, 4095, 3998, 3840),
                new ZoneConfig(ZoneType.DMA32, 4096, 1044480, 782336, 782336),
                new ZoneConfig(ZoneType.NORMAL, 1048576, 5505024, 5505024, 163840),
                ZoneConfig.empty(ZoneType.MOVABLE),
                ZoneConfig.empty(ZoneType.DEVICE)), m.zones());
        assertEquals(4, m.cpus());
        assertEquals(ThpMode.MADVISE, m.thp());
        assertEquals(new MachineConfig.Sysctl(1024, 150, 15000, List.of(128, 128, 16, 0, 0), 0), m.sysctl());

        assertEquals(new Step.Alloc("a", 3, 4, Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, "GFP_KERNEL | __GFP_ZERO",
                0, "look here", 19), s.steps().get(0));
        assertEquals(new Step.Random("random", 100, List.of(new Step.Weighted(0, "0", 1)),
                List.of(new Step.Weighted(Gfp.GFP_KERNEL, "GFP_KERNEL", 1)), 50, 0, null, 20), s.steps().get(1));
        assertEquals(new Step.Random("mix", 5000,
                List.of(new Step.Weighted(0, "0", 70), new Step.Weighted(1, "1", 10), new Step.Weighted(3, "3", 5),
                        new Step.Weighted(9, "9", 1)),
                List.of(new Step.Weighted(Gfp.GFP_KERNEL, "GFP_KERNEL", 1),
                        new Step.Weighted(Gfp.GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE", 3)),
                45, 0, null, 21), s.steps().get(2));
        assertEquals(new Step.Free("random", 2, 0, null, 27), s.steps().get(3));
        assertEquals(new Step.Free("a", null, 0, null, 28), s.steps().get(4));
    }

    @Test
    void aliasesWithinTheLimitAreFine() {
        String text = MINIMAL.replace("  - alloc: {label: a, order: 0}",
                "  - alloc: &big {label: a, order: 9}\n  - free: {label: a}\n  - alloc: *big");
        Scenario s = ScenarioParser.parse("alias.yaml", text);
        assertEquals(3, s.steps().size());
        assertEquals(9, ((Step.Alloc) s.steps().get(2)).order());
        assertEquals(9, s.steps().get(2).line(), "the step item's own line");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static void assertBad(String file, String expected) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(file, resource(file)));
        assertEquals(expected, e.getMessage());
    }

    private static void assertBadText(String file, String text, String expected) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(file, text));
        assertEquals(expected, e.getMessage());
    }

    private static String resource(String file) {
        try (InputStream in = ScenarioParserTest.class.getResourceAsStream("/scenarios-bad/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource scenarios-bad/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

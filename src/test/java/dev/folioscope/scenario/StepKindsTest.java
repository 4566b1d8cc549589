package dev.folioscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The registry of step kinds and what reads it: docs/scenario-format.md has the registry's tables
 * word for word (a failure prints the table the docs should hold), every record of {@link Step} has
 * exactly one kind, and messages list the kinds of the file's version.
 */
class StepKindsTest {
    private static final Path DOC = Path.of("docs/scenario-format.md");

    @Test
    void theDocsListEveryKindAsTheRegistryDoes() throws IOException {
        String doc = Files.readString(DOC);
        String table = StepKinds.kindsTable();
        assertTrue(doc.contains(table), "docs/scenario-format.md should have the table of step kinds:\n" + table);
    }

    @Test
    void theDocsHaveEachKindsHeadingAndKeysTable() throws IOException {
        String doc = Files.readString(DOC);
        for (StepKind<?> kind : StepKinds.all()) {
            String heading = StepKinds.heading(kind);
            int at = doc.indexOf(heading + "\n");
            assertTrue(at >= 0, "docs/scenario-format.md should have the heading\n" + heading);
            int next = doc.indexOf("\n#", at + heading.length());
            String section = next < 0 ? doc.substring(at) : doc.substring(at, next);
            assertTrue(section.contains(kind.keysTable()), "the section " + heading + " should have the table\n"
                    + kind.keysTable());
        }
    }

    /** The machine.sysctl table of the docs has a row for each key the parser takes, and no other. */
    @Test
    void theDocsSysctlTableHasEveryKeyTheParserTakes() throws IOException {
        String doc = Files.readString(DOC);
        int at = doc.indexOf("### `machine.sysctl`\n");
        assertTrue(at >= 0, "docs/scenario-format.md should have the section ### `machine.sysctl`");
        int next = doc.indexOf("\n#", at + 1);
        List<String> rows = doc.substring(at, next).lines().filter(l -> l.startsWith("| `"))
                .map(l -> l.substring(3, l.indexOf('`', 3))).sorted().toList();
        assertEquals(ScenarioParser.SYSCTL_KEYS.stream().sorted().toList(), rows);
    }

    @Test
    void everyStepRecordHasOneKind() {
        Set<Class<?>> records = Arrays.stream(Step.class.getPermittedSubclasses()).collect(Collectors.toSet());
        Set<Class<?>> kinds = StepKinds.all().stream().map(StepKind::type).collect(Collectors.toSet());
        assertEquals(records, kinds);
    }

    @Test
    void namesByVersion() {
        assertEquals(List.of("alloc", "free", "random", "idle", "drain_all_pages"), StepKinds.names(1));
        assertEquals(List.of("alloc", "free", "random", "idle", "drain_all_pages", "spawn", "fork", "exit", "exec",
                "file", "mmap", "munmap", "mprotect", "madvise", "mlock", "munlock", "mremap", "brk", "touch", "read",
                "write", "fadvise", "kstate"), StepKinds.names(2));
    }

    /** Every whole scenario the docs show (a yaml block from "version:") is valid. */
    @Test
    void theDocsExamplesParse() throws IOException {
        String doc = Files.readString(DOC);
        int examples = 0;
        for (String block : doc.split("```yaml\n")) {
            if (block.startsWith("version:")) {
                ScenarioParser.parse("example.yaml", block.substring(0, block.indexOf("```")));
                examples++;
            }
        }
        assertEquals(2, examples);
    }

    @Test
    void requiredKeysAreNamedFromTheFields() {
        assertEquals("keys label and order (count, gfp, cpu and note are optional)",
                PageAllocKinds.ALLOC.requiredKeys());
        assertEquals("key seconds (note is optional)", PageAllocKinds.IDLE.requiredKeys());
    }

    @Test
    void describeIsWhatTheDebuggerShows() {
        Scenario s = ScenarioParser.parse("d.yaml", """
                version: 1
                title: t
                description: d
                machine: {memory: 16M}
                steps:
                  - alloc: {label: a, order: 0, count: 40}
                  - free: {label: a, count: 2}
                  - free: {label: a}
                  - random: {ops: 7}
                  - idle: {seconds: 3}
                  - drain_all_pages:
                """);
        assertEquals(List.of("alloc a: 40 \u00d7 order 0, GFP_KERNEL", "free a: 2", "free a (all)",
                "random random: 7 ops", "idle 3 s", "drain_all_pages"), s.steps().stream().map(Step::describe).toList());
    }
}

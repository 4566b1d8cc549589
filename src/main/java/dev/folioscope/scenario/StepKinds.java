package dev.folioscope.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of step kinds: every kind a scenario file may use, in the order the docs and the
 * parser's messages list them. To add a kind: a record in {@link Step}, a {@link StepKind}
 * declaration (next to the kinds of its family), and its line here; then the docs' tables, which
 * StepKindsTest prints when they differ.
 */
public final class StepKinds {
    private static final List<StepKind<?>> ALL = List.of(
            PageAllocKinds.ALLOC,
            PageAllocKinds.FREE,
            PageAllocKinds.RANDOM,
            PageAllocKinds.IDLE,
            PageAllocKinds.DRAIN_ALL_PAGES,
            ProcessKinds.SPAWN,
            ProcessKinds.FORK,
            ProcessKinds.EXIT,
            ProcessKinds.EXEC,
            FileKinds.FILE_STEP,
            VmKinds.MMAP,
            VmKinds.MUNMAP,
            VmKinds.MPROTECT,
            VmKinds.MADVISE,
            VmKinds.MLOCK,
            VmKinds.MUNLOCK,
            VmKinds.MREMAP,
            VmKinds.BRK,
            VmKinds.TOUCH,
            FileKinds.READ,
            FileKinds.WRITE,
            FileKinds.FADVISE,
            KstateKind.KSTATE);

    private static final Map<String, StepKind<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, StepKind<?>> BY_TYPE = new LinkedHashMap<>();

    static {
        for (StepKind<?> kind : ALL) {
            if (BY_NAME.put(kind.name(), kind) != null || BY_TYPE.put(kind.type(), kind) != null) {
                throw new IllegalStateException("step kind " + kind + " is declared twice");
            }
        }
    }

    private StepKinds() {
    }

    /** Every kind, in the docs' order. */
    public static List<StepKind<?>> all() {
        return ALL;
    }

    /** The kind of that name, or {@code null}. */
    public static StepKind<?> byName(String name) {
        return BY_NAME.get(name);
    }

    /** The kind a step is of. */
    public static StepKind<?> of(Step step) {
        StepKind<?> kind = BY_TYPE.get(step.getClass());
        if (kind == null) {
            throw new IllegalStateException("no step kind for " + step.getClass().getSimpleName());
        }
        return kind;
    }

    /** The names of the kinds a file of format {@code version} may use. */
    public static List<String> names(int version) {
        return ALL.stream().filter(k -> k.version() <= version).map(StepKind::name).toList();
    }

    /** The Markdown table of every kind, as docs/scenario-format.md lists them. */
    public static String kindsTable() {
        StringBuilder table = new StringBuilder("| kind | version | what one step does | keys |\n|---|---|---|---|\n");
        for (StepKind<?> k : ALL) {
            String keys = String.join(", ", k.fields().stream()
                    .map(f -> f.isRequired() ? "**`" + f.name() + "`**" : "`" + f.name() + "`").toList());
            table.append(row("[`" + k.name() + "`](#" + anchor(k) + ")", Integer.toString(k.version()), k.summary(),
                    keys));
        }
        return table.toString();
    }

    /** The docs' heading of a kind: {@code #### `idle`: the machine idles for `seconds` seconds}. */
    public static String heading(StepKind<?> kind) {
        return "#### `" + kind.name() + "`: " + kind.summary();
    }

    /** GitHub's anchor of {@link #heading}: lower case, without punctuation but '-' and '_', spaces as '-'. */
    static String anchor(StepKind<?> kind) {
        String text = heading(kind).substring("#### ".length()).toLowerCase(java.util.Locale.ROOT);
        return text.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    /** One row of a Markdown table; an empty cell is written "| |". */
    static String row(String... cells) {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            row.append(cell.isEmpty() ? " |" : " " + cell + " |");
        }
        return row.append('\n').toString();
    }

    /** "a", "a and b", "a, b and c". */
    static String andList(List<String> names) {
        return joined(names, " and ");
    }

    /** "a", "a or b", "a, b or c". */
    static String orList(List<String> names) {
        return joined(names, " or ");
    }

    private static String joined(List<String> names, String last) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + last + names.getLast();
    }
}

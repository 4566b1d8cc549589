package dev.folioscope.scenario;

import dev.folioscope.kernel.boot.MachineConfig;
import java.util.List;
import java.util.Objects;

/**
 * One kind of scenario step, declared once: its name in the file, the format version that
 * introduced it, its keys, a one-line summary, how it is read, and how it runs. Everything that
 * knows about step kinds reads them from {@link StepKinds}: the parser (and the kinds and keys its
 * messages list), the workload, the event bound, the debugger's description of a step, and the
 * tables of docs/scenario-format.md (which a test compares with {@link StepKinds#kindsTable} and
 * {@link #keysTable}).
 *
 * <p>A step runs as a number of operations, one per {@link dev.folioscope.kernel.Workload#runNext}
 * call, all inside the step's STEP event: the count is worked out when the step starts
 * ({@link #ops}), and each operation is one kernel entry ({@link #run}): an allocator call, a
 * system call, a user-mode access.
 *
 * @param <S> the step's record in {@link Step}
 */
public abstract class StepKind<S extends Step> {
    private final String name;
    private final int version;
    private final Class<S> type;
    private final String summary;
    private final String expected;
    private final List<Field> fields;
    private final String sizedBy;

    /**
     * @param version the first format version with this kind
     * @param summary what one step does, one line of Markdown (the docs' heading and table)
     * @param expected what the step's settings must be, for messages: "a mapping such as {seconds: 5}"
     * @param sizedBy the key whose value is the number of operations, for {@link #setting}; or {@code null}
     */
    StepKind(String name, int version, Class<S> type, String summary, String expected, List<Field> fields,
            String sizedBy) {
        this.name = name;
        this.version = version;
        this.type = type;
        this.summary = summary;
        this.expected = expected;
        this.fields = List.copyOf(fields);
        this.sizedBy = sizedBy;
    }

    /**
     * One key of a step.
     *
     * @param type how its value is written, for the docs ("integer 1..3600")
     * @param required "yes", "no", or the condition under which it is needed
     * @param fallback the docs' default column: empty when required, "none" when absent means nothing
     * @param meaning the docs' explanation
     */
    public record Field(String name, String type, String required, String fallback, String meaning) {
        public Field {
            Objects.requireNonNull(name);
        }

        public boolean isRequired() {
            return required.equals("yes");
        }
    }

    public String name() {
        return name;
    }

    /** The first scenario format version in which the kind may be written. */
    public int version() {
        return version;
    }

    public Class<S> type() {
        return type;
    }

    /** What one step of the kind does, one line of Markdown. */
    public String summary() {
        return summary;
    }

    public List<Field> fields() {
        return fields;
    }

    /** The key names, in the order the docs list them. */
    public List<String> keys() {
        return fields.stream().map(Field::name).toList();
    }

    /** What a step of this kind looks like, for messages: "a mapping such as {seconds: 5}". */
    String expected() {
        return expected;
    }

    /**
     * The keys to name when one is missing: "keys label and order (count, gfp, cpu and note are
     * optional)".
     */
    String requiredKeys() {
        List<String> required = fields.stream().filter(Field::isRequired).map(Field::name).toList();
        List<String> optional = fields.stream().filter(f -> !f.isRequired()).map(Field::name).toList();
        String text = (required.size() == 1 ? "key " : "keys ") + StepKinds.andList(required);
        if (!optional.isEmpty()) {
            text += " (" + StepKinds.andList(optional) + (optional.size() == 1 ? " is" : " are") + " optional)";
        }
        return text;
    }

    /** The Markdown table of the kind's keys, as docs/scenario-format.md has it under the kind's heading. */
    public String keysTable() {
        StringBuilder table = new StringBuilder("| key | type | required | default | meaning |\n")
                .append("|---|---|---|---|---|\n");
        for (Field f : fields) {
            table.append(StepKinds.row("`" + f.name() + "`", f.type(), f.required(), f.fallback(), f.meaning()));
        }
        return table.toString();
    }

    // ---- reading ---------------------------------------------------------------------------

    /**
     * Reads a step whose settings are {@code body}, already checked to hold only this kind's keys.
     *
     * @param line the 1-based line of the step's list item
     * @throws ScenarioException at the first problem
     */
    abstract S parse(StepReader in, YamlNodes.Entries body, int line);

    // ---- running ---------------------------------------------------------------------------

    /**
     * How many operations the step makes, worked out as it starts from what the run holds then:
     * by default {@link #plannedOps}. 0 when it cannot run (its process or region is missing): the
     * step then notes why in the run.
     */
    int ops(S step, Run run) {
        return (int) plannedOps(step);
    }

    /** Runs operation {@code op} (from 0) of the step. */
    abstract void run(S step, Run run, int op);

    /**
     * The operations the event bound counts for the step before it starts: {@link #ops} as if
     * every call before it succeeded, or fewer where that depends on the run.
     */
    abstract long plannedOps(S step);

    /** The fewest events one operation of the step reports. */
    abstract long minEventsPerOp(S step, MachineConfig machine);

    /**
     * The setting that sizes the step, as the file spells it, after "steps[i].": "alloc.count (3,
     * line 7)" for a kind whose {@link #plannedOps} is the value of a key, otherwise the kind and
     * line: "free (line 9)".
     */
    final String setting(S step) {
        return sizedBy == null ? name + " (line " + step.line() + ")"
                : name + "." + sizedBy + " (" + plannedOps(step) + ", line " + step.line() + ")";
    }

    /** What the step does, in a few words: "alloc first: 1 × order 0, GFP_KERNEL". */
    public abstract String describe(S step);

    // ---- the same, for a step known only as a Step ----------------------------------------

    final String describeStep(Step step) {
        return describe(type.cast(step));
    }

    final int opsOf(Step step, Run run) {
        return ops(type.cast(step), run);
    }

    final void runOf(Step step, Run run, int op) {
        run(type.cast(step), run, op);
    }

    final long plannedOpsOf(Step step) {
        return plannedOps(type.cast(step));
    }

    final long minEventsPerOpOf(Step step, MachineConfig machine) {
        return minEventsPerOp(type.cast(step), machine);
    }

    final String settingOf(Step step) {
        return setting(type.cast(step));
    }

    @Override
    public String toString() {
        return name;
    }
}

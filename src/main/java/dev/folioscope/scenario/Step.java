package dev.folioscope.scenario;

import java.util.List;

/**
 * One entry of a scenario's {@code steps:} list.
 *
 * <p>{@code line} is the 1-based line of the step in the scenario file, shown beside the step's
 * event in the debugger; {@code note} is the author's explanation of what to look at, or
 * {@code null}. {@code cpu} is the CPU the step's task runs on (smp_processor_id): the per-CPU
 * page lists it allocates from and frees to are that CPU's.
 */
public sealed interface Step {
    int line();

    String note();

    /** The CPU the step's task runs on; idle time and drains start on CPU 0. */
    default int cpu() {
        return 0;
    }

    /** The step's kind in the {@link StepKinds} registry. */
    default StepKind<?> kind() {
        return StepKinds.of(this);
    }

    /** What the step does, in a few words, as the debugger shows it: "alloc first: 1 × order 0, GFP_KERNEL". */
    default String describe() {
        return kind().describeStep(this);
    }

    /** {@code alloc}: {@code count} calls of alloc_pages(gfp, order), the blocks filed under {@code label}. */
    record Alloc(String label, int order, int count, int gfp, String gfpText, int cpu, String note, int line)
            implements Step {
    }

    /**
     * {@code free}: free_pages for blocks filed under {@code label}, oldest first; all of them when
     * {@code count} is {@code null}.
     */
    record Free(String label, Integer count, int cpu, String note, int line) implements Step {
    }

    /**
     * {@code random}: {@code ops} operations drawn from the scenario's seeded generator. Each is a
     * free of a random live block of this step (with probability {@code freePercent}/100 when any
     * is live) or an allocation whose order and gfp are drawn by weight. Allocated blocks are filed
     * under {@code label}.
     */
    record Random(String label, int ops, List<Weighted> orders, List<Weighted> gfps, int freePercent, int cpu,
            String note, int line) implements Step {
        public Random {
            orders = List.copyOf(orders);
            gfps = List.copyOf(gfps);
        }
    }

    /**
     * {@code idle}: the machine does nothing for {@code seconds} seconds. Once a second the vmstat
     * worker runs on every CPU (vmstat_update), which decays each per-CPU pageset's high towards
     * high_min and frees what lies above it (decay_pcp_high).
     */
    record Idle(int seconds, String note, int line) implements Step {
    }

    /**
     * {@code drain_all_pages}: every CPU's per-CPU page lists are emptied into the buddy lists, as
     * the kernel does before compaction, memory offlining, or when an allocation still fails after
     * direct reclaim (drain_all_pages).
     */
    record DrainAllPages(String note, int line) implements Step {
    }

    /**
     * A choice and its weight; for orders {@code value} is the order, for gfps the mask and
     * {@code text} its spelling in the file.
     */
    record Weighted(int value, String text, int weight) {
    }
}

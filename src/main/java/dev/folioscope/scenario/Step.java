package dev.folioscope.scenario;

import java.util.List;

/**
 * One entry of a scenario's {@code steps:} list.
 *
 * <p>{@code line} is the 1-based line of the step in the scenario file, shown beside the step's
 * event in the debugger; {@code note} is the author's explanation of what to look at, or
 * {@code null}.
 */
public sealed interface Step {
    int line();

    String note();

    /** {@code alloc}: {@code count} calls of alloc_pages(gfp, order), the blocks filed under {@code label}. */
    record Alloc(String label, int order, int count, int gfp, String gfpText, String note, int line)
            implements Step {
    }

    /**
     * {@code free}: free_pages for blocks filed under {@code label}, oldest first; all of them when
     * {@code count} is {@code null}.
     */
    record Free(String label, Integer count, String note, int line) implements Step {
    }

    /**
     * {@code random}: {@code ops} operations drawn from the scenario's seeded generator. Each is a
     * free of a random live block of this step (with probability {@code freePercent}/100 when any
     * is live) or an allocation whose order and gfp are drawn by weight. Allocated blocks are filed
     * under {@code label}.
     */
    record Random(String label, int ops, List<Weighted> orders, List<Weighted> gfps, int freePercent,
            String note, int line) implements Step {
        public Random {
            orders = List.copyOf(orders);
            gfps = List.copyOf(gfps);
        }
    }

    /**
     * A choice and its weight; for orders {@code value} is the order, for gfps the mask and
     * {@code text} its spelling in the file.
     */
    record Weighted(int value, String text, int weight) {
    }
}

package dev.folioscope.scenario;

import dev.folioscope.kernel.Kernel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scenario's run holds between operations, and what a step's operations run against: the
 * blocks filed under each label, and the generator of the step that is running. A checkpoint
 * keeps a {@link #fork()}.
 */
final class Run {
    private final Scenario scenario;
    private final Map<String, BlockList> labels;
    private Kernel kernel;
    private SplitMix64 rng;

    Run(Scenario scenario) {
        this(scenario, new LinkedHashMap<>(), null);
    }

    private Run(Scenario scenario, Map<String, BlockList> labels, SplitMix64 rng) {
        this.scenario = scenario;
        this.labels = labels;
        this.rng = rng;
    }

    /** An independent copy; it runs on no kernel until {@link #on} gives it one. */
    Run fork() {
        Map<String, BlockList> copy = new LinkedHashMap<>();
        labels.forEach((k, v) -> copy.put(k, v.copy()));
        return new Run(scenario, copy, rng == null ? null : rng.copy());
    }

    /**
     * About how many bytes {@link #fork()} copies: the map and its table, and per label an entry, a
     * block list and its two int arrays.
     */
    long footprintBytes() {
        return 160 + labels.values().stream().mapToLong(l -> 160 + 8L * Math.max(1, l.size())).sum();
    }

    Scenario scenario() {
        return scenario;
    }

    /** Runs the next operations on {@code kernel}. */
    void on(Kernel kernel) {
        this.kernel = kernel;
    }

    Kernel kernel() {
        return kernel;
    }

    /**
     * Starts step {@code index}: its generator is seeded by the scenario's seed and the step's
     * index, so that steps do not disturb each other's choices.
     */
    void startStep(int index) {
        rng = new SplitMix64(scenario.seed() * 0x9e3779b97f4a7c15L + index);
    }

    void endStep() {
        rng = null;
    }

    SplitMix64 rng() {
        return rng;
    }

    /** The blocks filed under {@code label}, oldest first. */
    BlockList blocks(String label) {
        return labels.computeIfAbsent(label, l -> new BlockList());
    }

    /** One alloc_pages call; the block, if any, is filed under {@code label}. */
    void alloc(String label, int gfp, int order) {
        int pfn = kernel.pageAlloc().allocPages(gfp, order);
        if (pfn >= 0) {
            blocks(label).add(pfn, order);
        }
    }

    /** Every block held, as {pfn, order} pairs. */
    List<int[]> allocatedBlocks() {
        List<int[]> all = new ArrayList<>();
        labels.values().forEach(l -> l.forEach(all::add));
        return all;
    }
}

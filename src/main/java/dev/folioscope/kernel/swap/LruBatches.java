package dev.folioscope.kernel.swap;

import dev.folioscope.kernel.base.KernelState;
import java.util.Arrays;

/**
 * mm/swap.c: struct cpu_fbatches' lru_add batch of every CPU: folios on their way to an LRU
 * list. A folio waits here, holding a reference and without PG_lru, until its CPU's batch fills
 * (PAGEVEC_SIZE, 31) or an operation drains it; then the whole batch moves at once.
 */
public final class LruBatches implements KernelState<LruBatches> {
    /** include/linux/pagevec.h: PAGEVEC_SIZE. */
    public static final int PAGEVEC_SIZE = 31;

    private final int[][] folios;
    private final int[] count;

    public LruBatches(int cpus) {
        folios = new int[cpus][PAGEVEC_SIZE];
        count = new int[cpus];
    }

    private LruBatches(LruBatches o) {
        folios = Arrays.stream(o.folios).map(int[]::clone).toArray(int[][]::new);
        count = o.count.clone();
    }

    @Override
    public LruBatches fork() {
        return new LruBatches(this);
    }

    /** The folios waiting in {@code cpu}'s batch, oldest first. */
    public int[] batch(int cpu) {
        return Arrays.copyOf(folios[cpu], count[cpu]);
    }

    public int count(int cpu) {
        return count[cpu];
    }

    /** Whether {@code pfn} waits in any CPU's batch. */
    public boolean contains(int pfn) {
        for (int cpu = 0; cpu < count.length; cpu++) {
            for (int i = 0; i < count[cpu]; i++) {
                if (folios[cpu][i] == pfn) {
                    return true;
                }
            }
        }
        return false;
    }

    /** folio_batch_add: returns the space left (0: the batch is full and must be moved). */
    int add(int cpu, int pfn) {
        folios[cpu][count[cpu]++] = pfn;
        return PAGEVEC_SIZE - count[cpu];
    }

    /** Empties {@code cpu}'s batch, returning what it held, oldest first. */
    int[] take(int cpu) {
        int[] taken = batch(cpu);
        count[cpu] = 0;
        return taken;
    }

    @Override
    public long digest(long h) {
        for (int cpu = 0; cpu < count.length; cpu++) {
            h = (h ^ count[cpu]) * 0x100000001b3L;
            for (int i = 0; i < count[cpu]; i++) {
                h = (h ^ folios[cpu][i]) * 0x100000001b3L;
            }
        }
        return h;
    }

    @Override
    public long bytesNotIn(LruBatches older) {
        return 64 + (long) count.length * (16 + 4 * PAGEVEC_SIZE + 4);
    }
}

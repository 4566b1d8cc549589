package dev.folioscope.kernel.swap;

import dev.folioscope.kernel.base.KernelState;
import java.util.Arrays;

/**
 * mm/swap.c: struct cpu_fbatches of every CPU: folios on their way to an LRU list (lru_add) or
 * between lists (lru_move_tail, lru_deactivate_file, lru_deactivate, lru_lazyfree, lru_activate). A
 * folio waits in a batch, holding a reference, until its CPU's
 * batch fills (PAGEVEC_SIZE, 31) or an operation drains it; then the whole batch moves at once.
 */
public final class LruBatches implements KernelState<LruBatches> {
    /** include/linux/pagevec.h: PAGEVEC_SIZE. */
    public static final int PAGEVEC_SIZE = 31;

    /** The batches of struct cpu_fbatches that the model has, in lru_add_drain_cpu's order. */
    public enum Batch {
        /** folio_add_lru: new folios, without PG_lru until they move. */
        LRU_ADD,
        /** folio_rotate_reclaimable (a PG_reclaim folio's write completed): to its inactive list's tail. */
        LRU_MOVE_TAIL,
        /** deactivate_file_folio (an invalidation that could not drop the folio): to its inactive list's tail. */
        LRU_DEACTIVATE_FILE,
        /** folio_deactivate (MADV_COLD): active folios, to their inactive list. */
        LRU_DEACTIVATE,
        /** folio_mark_lazyfree (MADV_FREE): folios on an LRU list, PG_lru kept until they move. */
        LRU_LAZYFREE,
        /** folio_activate (folio_mark_accessed of a referenced folio): to an active list. */
        LRU_ACTIVATE
    }

    private final int[][][] folios;
    private final int[][] count;

    public LruBatches(int cpus) {
        folios = new int[Batch.values().length][cpus][PAGEVEC_SIZE];
        count = new int[Batch.values().length][cpus];
    }

    private LruBatches(LruBatches o) {
        folios = Arrays.stream(o.folios).map(b -> Arrays.stream(b).map(int[]::clone).toArray(int[][]::new))
                .toArray(int[][][]::new);
        count = Arrays.stream(o.count).map(int[]::clone).toArray(int[][]::new);
    }

    @Override
    public LruBatches fork() {
        return new LruBatches(this);
    }

    /** The CPUs that have batches. */
    public int cpus() {
        return count[0].length;
    }

    /** The folios waiting in {@code cpu}'s batch {@code b}, oldest first. */
    public int[] batch(Batch b, int cpu) {
        return Arrays.copyOf(folios[b.ordinal()][cpu], count[b.ordinal()][cpu]);
    }

    public int count(Batch b, int cpu) {
        return count[b.ordinal()][cpu];
    }

    /** Whether {@code pfn} waits in {@code cpu}'s batch {@code b}. */
    boolean contains(Batch b, int cpu, int pfn) {
        for (int i = 0; i < count[b.ordinal()][cpu]; i++) {
            if (folios[b.ordinal()][cpu][i] == pfn) {
                return true;
            }
        }
        return false;
    }

    /** folio_batch_add: returns the space left (0: the batch is full and must be moved). */
    int add(Batch b, int cpu, int pfn) {
        folios[b.ordinal()][cpu][count[b.ordinal()][cpu]++] = pfn;
        return PAGEVEC_SIZE - count[b.ordinal()][cpu];
    }

    /** Empties {@code cpu}'s batch {@code b}, returning what it held, oldest first. */
    int[] take(Batch b, int cpu) {
        int[] taken = batch(b, cpu);
        count[b.ordinal()][cpu] = 0;
        return taken;
    }

    /** Every batch of every CPU, each with its count: the order and contents of the batches are state. */
    @Override
    public long digest(long h) {
        for (int b = 0; b < count.length; b++) {
            for (int cpu = 0; cpu < count[b].length; cpu++) {
                h = (h ^ count[b][cpu]) * 0x100000001b3L;
                for (int i = 0; i < count[b][cpu]; i++) {
                    h = (h ^ folios[b][cpu][i]) * 0x100000001b3L;
                }
            }
        }
        return h;
    }

    @Override
    public long bytesNotIn(LruBatches older) {
        return 64 + (long) Batch.values().length * count[0].length * (16 + 4 * PAGEVEC_SIZE + 4);
    }
}

package dev.folioscope.kernel.swap;

import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.Lruvec;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.trace.SwapEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/swap.c: folio references and how folios reach the LRU lists. A new folio is queued in the
 * running CPU's lru_add batch (folio_add_lru), which moves to the lists when it fills or an
 * operation drains it; the last folio_put takes a folio off its list and frees it.
 *
 * <p>All folios of this model are order 0 (large folios come with THP).
 */
public final class Swap {
    private final MemMap mem;
    private final PglistData node;
    private final LruBatches batches;
    private final Trace trace;
    private final PageAlloc pageAlloc;
    private final Workingset workingset;

    public Swap(MemMap mem, PglistData node, LruBatches batches, Trace trace, PageAlloc pageAlloc,
            Workingset workingset) {
        this.workingset = workingset;
        this.mem = mem;
        this.node = node;
        this.batches = batches;
        this.trace = trace;
        this.pageAlloc = pageAlloc;
    }

    /** folio_get. */
    public void folioGet(int pfn) {
        mem.setRefcount(pfn, mem.refcount(pfn) + 1);
    }

    /**
     * folio_put: drops a reference; the last one frees the folio (__folio_put).
     *
     * @throws IllegalStateException if the folio has no reference to drop
     */
    public void folioPut(int pfn) {
        int ref = mem.refcount(pfn);
        if (ref <= 0) {
            throw new IllegalStateException("folio_put of pfn 0x" + Integer.toHexString(pfn) + " with refcount " + ref);
        }
        mem.setRefcount(pfn, ref - 1);
        if (ref == 1) {
            folioPutFinal(pfn);
        } else {
            trace.point(SwapEvents.FOLIO_PUT_REF, pfn, ref - 1);
        }
    }

    /** __folio_put → __page_cache_release: off the LRU list, LRU flags cleared, then freed. */
    private void folioPutFinal(int pfn) {
        trace.enter(SwapEvents.FOLIO_PUT, pfn);
        if (mem.test(pfn, PageFlag.PG_lru)) {
            node.lruvec().del(mem, folioLruList(mem, pfn), pfn);
            mem.clearFlag(pfn, PageFlag.PG_lru);
        }
        // __folio_clear_lru_flags
        mem.clearFlag(pfn, PageFlag.PG_active);
        mem.clearFlag(pfn, PageFlag.PG_unevictable);
        pageAlloc.freeFrozenPages(pfn, 0);
        trace.exit(pfn);
    }

    /** folio_add_lru: queue a new folio for its LRU list in the running CPU's batch. */
    public void folioAddLru(int pfn) {
        folioBatchAddAndMove(pfn, LruBatches.Batch.LRU_ADD, SwapEvents.FOLIO_ADD_LRU);
    }

    /**
     * folio_mark_lazyfree: a clean anonymous folio on an LRU list (swap-backed, evictable) is
     * queued in the running CPU's lru_lazyfree batch, to move to the inactive file list.
     */
    public void folioMarkLazyfree(int pfn) {
        if (!mem.isAnon(pfn) || !mem.test(pfn, PageFlag.PG_swapbacked) || !mem.test(pfn, PageFlag.PG_lru)
                || mem.test(pfn, PageFlag.PG_unevictable)) {
            return;
        }
        folioBatchAddAndMove(pfn, LruBatches.Batch.LRU_LAZYFREE, SwapEvents.FOLIO_MARK_LAZYFREE);
    }

    /**
     * folio_mark_accessed (classic LRU): a first use sets PG_referenced; a second one activates
     * an evictable inactive folio — through the lru_activate batch when it is on a list, at once
     * when it still waits in this CPU's lru_add batch (__lru_cache_activate_folio) — clears
     * PG_referenced again and ticks the workingset clock.
     */
    public void folioMarkAccessed(int pfn) {
        if (!mem.test(pfn, PageFlag.PG_referenced)) {
            mem.setFlag(pfn, PageFlag.PG_referenced);
            trace.point(SwapEvents.FOLIO_MARK_ACCESSED, pfn, 0);
        } else if (!mem.test(pfn, PageFlag.PG_unevictable) && !mem.test(pfn, PageFlag.PG_active)) {
            // workingset_activation, after the activation in the kernel: the clock ticks.
            workingset.activation();
            trace.point(SwapEvents.FOLIO_MARK_ACCESSED, pfn, 1);
            if (mem.test(pfn, PageFlag.PG_lru)) {
                folioBatchAddAndMove(pfn, LruBatches.Batch.LRU_ACTIVATE, SwapEvents.FOLIO_ACTIVATE);
            } else if (batches.contains(LruBatches.Batch.LRU_ADD, trace.cpu(), pfn)) {
                mem.setFlag(pfn, PageFlag.PG_active);
            }
            mem.clearFlag(pfn, PageFlag.PG_referenced);
        }
        mem.clearFlag(pfn, PageFlag.PG_idle);
    }

    /** __folio_batch_add_and_move: a reference for the running CPU's batch {@code b}, which moves when full. */
    private void folioBatchAddAndMove(int pfn, LruBatches.Batch b, SwapEvents queued) {
        int cpu = trace.cpu();
        folioGet(pfn);
        int space = batches.add(b, cpu, pfn);
        trace.point(queued, pfn, batches.count(b, cpu));
        if (space == 0) {
            folioBatchMoveLru(cpu, b);
        }
    }

    /** lru_add_drain: the running CPU's batches. */
    public int lruAddDrain() {
        return lruAddDrainCpu(trace.cpu());
    }

    /** lru_add_drain_cpu: empties {@code cpu}'s batches, lru_add first; nothing happens if they are empty. */
    public int lruAddDrainCpu(int cpu) {
        int waiting = 0;
        for (LruBatches.Batch b : LruBatches.Batch.values()) {
            waiting += batches.count(b, cpu);
        }
        if (waiting == 0) {
            return 0;
        }
        trace.enter(SwapEvents.LRU_ADD_DRAIN, cpu);
        int moved = 0;
        for (LruBatches.Batch b : LruBatches.Batch.values()) {
            if (batches.count(b, cpu) > 0) {
                moved += folioBatchMoveLru(cpu, b);
            }
        }
        trace.exit(moved);
        return moved;
    }

    /**
     * folio_batch_move_lru, then folios_put: the batch's references go. For a batch other than
     * lru_add a folio that lost PG_lru meanwhile (isolated or freed) is skipped.
     */
    private int folioBatchMoveLru(int cpu, LruBatches.Batch b) {
        int[] folios = batches.take(b, cpu);
        SwapEvents move = switch (b) {
            case LRU_ADD -> SwapEvents.FOLIO_BATCH_MOVE_LRU;
            case LRU_MOVE_TAIL -> SwapEvents.MOVE_TAIL_BATCH_MOVE_LRU;
            case LRU_DEACTIVATE_FILE -> SwapEvents.DEACTIVATE_FILE_BATCH_MOVE_LRU;
            case LRU_DEACTIVATE -> SwapEvents.DEACTIVATE_BATCH_MOVE_LRU;
            case LRU_LAZYFREE -> SwapEvents.LAZYFREE_BATCH_MOVE_LRU;
            case LRU_ACTIVATE -> SwapEvents.ACTIVATE_BATCH_MOVE_LRU;
        };
        trace.enter(move, folios.length);
        for (int pfn : folios) {
            if (b == LruBatches.Batch.LRU_ADD) {
                lruAdd(pfn);
            } else if (mem.test(pfn, PageFlag.PG_lru)) {
                switch (b) {
                    case LRU_MOVE_TAIL -> lruMoveTail(pfn);
                    case LRU_DEACTIVATE_FILE -> lruDeactivateFile(pfn);
                    case LRU_DEACTIVATE -> lruDeactivate(pfn);
                    case LRU_LAZYFREE -> lruLazyfree(pfn);
                    default -> lruActivate(pfn);
                }
            }
        }
        for (int pfn : folios) {
            folioPut(pfn);
        }
        trace.exit(folios.length);
        return folios.length;
    }

    /**
     * lru_lazyfree: a folio still anonymous, swap-backed and evictable loses PG_active,
     * PG_referenced and PG_swapbacked (clean anonymous memory reclaim may drop) and goes to the
     * inactive file list.
     */
    private void lruLazyfree(int pfn) {
        if (!mem.isAnon(pfn) || !mem.test(pfn, PageFlag.PG_swapbacked) || mem.test(pfn, PageFlag.PG_unevictable)) {
            return;
        }
        node.lruvec().del(mem, folioLruList(mem, pfn), pfn);
        mem.clearFlag(pfn, PageFlag.PG_active);
        mem.clearFlag(pfn, PageFlag.PG_referenced);
        mem.clearFlag(pfn, PageFlag.PG_swapbacked);
        LruList lru = folioLruList(mem, pfn);
        node.lruvec().add(mem, lru, pfn);
        node.countVmEvents(VmEvent.PGLAZYFREE, 1);
        trace.point(SwapEvents.LRU_LAZYFREE, pfn, lru.ordinal());
    }

    /** lru_add_drain_all: every CPU's batches, in CPU order. */
    public int lruAddDrainAll() {
        int moved = 0;
        for (int cpu = 0; cpu < batches.cpus(); cpu++) {
            moved += lruAddDrainCpu(cpu);
        }
        return moved;
    }

    /**
     * folio_rotate_reclaimable: a folio whose write completed with PG_reclaim set, clean, evictable
     * and on an LRU list, is queued in the running CPU's lru_move_tail batch, to be reclaimed
     * first. One still isolated, or waiting in an lru_add batch, stays where it is.
     */
    public void folioRotateReclaimable(int pfn) {
        // mm/swap.c: folio_rotate_reclaimable
        if (mem.test(pfn, PageFlag.PG_dirty) || mem.test(pfn, PageFlag.PG_unevictable)
                || !mem.test(pfn, PageFlag.PG_lru)) {
            return;
        }
        folioBatchAddAndMove(pfn, LruBatches.Batch.LRU_MOVE_TAIL, SwapEvents.FOLIO_ROTATE_RECLAIMABLE);
    }

    /** lru_move_tail: an evictable folio loses PG_active and moves to the tail of its inactive list (pgrotated). */
    private void lruMoveTail(int pfn) {
        // mm/swap.c: lru_move_tail
        if (mem.test(pfn, PageFlag.PG_unevictable)) {
            return;
        }
        node.lruvec().del(mem, folioLruList(mem, pfn), pfn);
        mem.clearFlag(pfn, PageFlag.PG_active);
        LruList lru = folioLruList(mem, pfn);
        node.lruvec().addTail(mem, lru, pfn);
        node.countVmEvents(VmEvent.PGROTATED, 1);
        trace.point(SwapEvents.LRU_MOVE_TAIL, pfn, lru.ordinal());
    }

    /**
     * deactivate_file_folio: a folio an invalidation could not drop (mapped, dirty, or held by a
     * batch) is queued in the running CPU's lru_deactivate_file batch, so reclaim meets it sooner.
     */
    public void deactivateFileFolio(int pfn) {
        if (mem.test(pfn, PageFlag.PG_unevictable) || !mem.test(pfn, PageFlag.PG_lru)) {
            return;
        }
        folioBatchAddAndMove(pfn, LruBatches.Batch.LRU_DEACTIVATE_FILE, SwapEvents.FOLIO_DEACTIVATE_FILE);
    }

    /**
     * lru_deactivate_file: an unmapped folio loses PG_active and PG_referenced; a clean one goes to
     * the tail of its inactive list (counted as rotated), a dirty one to the head with PG_reclaim.
     */
    private void lruDeactivateFile(int pfn) {
        if (mem.test(pfn, PageFlag.PG_unevictable) || mem.mapcount(pfn) > 0) {
            return;
        }
        boolean active = mem.test(pfn, PageFlag.PG_active);
        node.lruvec().del(mem, folioLruList(mem, pfn), pfn);
        mem.clearFlag(pfn, PageFlag.PG_active);
        mem.clearFlag(pfn, PageFlag.PG_referenced);
        LruList lru = folioLruList(mem, pfn);
        boolean tail = !mem.test(pfn, PageFlag.PG_writeback) && !mem.test(pfn, PageFlag.PG_dirty);
        if (tail) {
            node.lruvec().addTail(mem, lru, pfn);
            node.countVmEvents(VmEvent.PGROTATED, 1);
        } else {
            node.lruvec().add(mem, lru, pfn);
            mem.setFlag(pfn, PageFlag.PG_reclaim);
        }
        if (active) {
            node.countVmEvents(VmEvent.PGDEACTIVATE, 1);
        }
        trace.point(SwapEvents.LRU_DEACTIVATE_FILE, pfn, lru.ordinal(), tail ? 1 : 0);
    }

    /**
     * folio_deactivate: an active evictable folio on an LRU list is queued in the running CPU's
     * lru_deactivate batch, to move to the head of its inactive list.
     */
    public void folioDeactivate(int pfn) {
        if (mem.test(pfn, PageFlag.PG_unevictable) || !mem.test(pfn, PageFlag.PG_active)
                || !mem.test(pfn, PageFlag.PG_lru)) {
            return;
        }
        folioBatchAddAndMove(pfn, LruBatches.Batch.LRU_DEACTIVATE, SwapEvents.FOLIO_DEACTIVATE);
    }

    /** lru_deactivate: PG_active and PG_referenced go, and the folio moves to its inactive list's head. */
    private void lruDeactivate(int pfn) {
        if (mem.test(pfn, PageFlag.PG_unevictable) || !mem.test(pfn, PageFlag.PG_active)) {
            return;
        }
        node.lruvec().del(mem, folioLruList(mem, pfn), pfn);
        mem.clearFlag(pfn, PageFlag.PG_active);
        mem.clearFlag(pfn, PageFlag.PG_referenced);
        LruList lru = folioLruList(mem, pfn);
        node.lruvec().add(mem, lru, pfn);
        node.countVmEvents(VmEvent.PGDEACTIVATE, 1);
        trace.point(SwapEvents.LRU_DEACTIVATE, pfn, lru.ordinal());
    }

    /** lru_activate: an inactive evictable folio moves to the head of its active list. */
    private void lruActivate(int pfn) {
        if (mem.test(pfn, PageFlag.PG_active) || mem.test(pfn, PageFlag.PG_unevictable)) {
            return;
        }
        node.lruvec().del(mem, folioLruList(mem, pfn), pfn);
        mem.setFlag(pfn, PageFlag.PG_active);
        LruList lru = folioLruList(mem, pfn);
        node.lruvec().add(mem, lru, pfn);
        node.countVmEvents(VmEvent.PGACTIVATE, 1);
        trace.point(SwapEvents.LRU_ACTIVATE, pfn, lru.ordinal());
    }

    /** lru_add: an mlocked folio (not evictable) goes to the unevictable list, inactive. */
    private void lruAdd(int pfn) {
        mem.clearFlag(pfn, PageFlag.PG_unevictable);
        if (mem.test(pfn, PageFlag.PG_mlocked)) {
            mem.clearFlag(pfn, PageFlag.PG_active);
            mem.setFlag(pfn, PageFlag.PG_unevictable);
        }
        LruList lru = folioLruList(mem, pfn);
        node.lruvec().add(mem, lru, pfn);
        mem.setFlag(pfn, PageFlag.PG_lru);
        trace.point(SwapEvents.LRU_ADD, pfn, lru.ordinal());
    }

    /** folio_lru_list: unevictable, else by swap-backedness (anon) and PG_active. */
    public static LruList folioLruList(MemMap mem, int pfn) {
        if (mem.test(pfn, PageFlag.PG_unevictable)) {
            return LruList.UNEVICTABLE;
        }
        return LruList.evictable(!mem.test(pfn, PageFlag.PG_swapbacked), mem.test(pfn, PageFlag.PG_active));
    }

    /** The batches, for views and the invariant checker. */
    public LruBatches batches() {
        return batches;
    }

    /** The node's lruvec. */
    public Lruvec lruvec() {
        return node.lruvec();
    }
}

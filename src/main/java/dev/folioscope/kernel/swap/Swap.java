package dev.folioscope.kernel.swap;

import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.Lruvec;
import dev.folioscope.kernel.mmzone.PglistData;
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

    public Swap(MemMap mem, PglistData node, LruBatches batches, Trace trace, PageAlloc pageAlloc) {
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
        int cpu = trace.cpu();
        folioGet(pfn);
        int space = batches.add(cpu, pfn);
        trace.point(SwapEvents.FOLIO_ADD_LRU, pfn, batches.count(cpu));
        if (space == 0) {
            folioBatchMoveLru(cpu);
        }
    }

    /** lru_add_drain: the running CPU's batches. */
    public int lruAddDrain() {
        return lruAddDrainCpu(trace.cpu());
    }

    /** lru_add_drain_cpu: empties {@code cpu}'s batch onto the LRU lists; nothing happens if it is empty. */
    public int lruAddDrainCpu(int cpu) {
        if (batches.count(cpu) == 0) {
            return 0;
        }
        trace.enter(SwapEvents.LRU_ADD_DRAIN, cpu);
        int moved = folioBatchMoveLru(cpu);
        trace.exit(moved);
        return moved;
    }

    /** folio_batch_move_lru(fbatch, lru_add), then folios_put: the batch's references go. */
    private int folioBatchMoveLru(int cpu) {
        int[] folios = batches.take(cpu);
        trace.enter(SwapEvents.FOLIO_BATCH_MOVE_LRU, folios.length);
        for (int pfn : folios) {
            lruAdd(pfn);
        }
        for (int pfn : folios) {
            folioPut(pfn);
        }
        trace.exit(folios.length);
        return folios.length;
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

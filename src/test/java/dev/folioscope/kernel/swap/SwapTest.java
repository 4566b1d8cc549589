package dev.folioscope.kernel.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.trace.SwapEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Folios reach the LRU lists through the per-CPU lru_add batch, 31 at a time (mm/swap.c:
 * __folio_batch_add_and_move moves the batch when folio_batch_add leaves no space), as the
 * conformance goldens show on 6.18: freshly faulted pages lack the lru flag until the batch fills
 * or is drained.
 */
class SwapTest {
    private final Kernel k = TestMachines.boot(64 << 20);
    private final MemMap mem = k.mem();
    private final Swap swap = k.swap();

    /** An anonymous folio as do_anonymous_page makes it: swap-backed, one reference. */
    private int newAnonFolio() {
        int pfn = k.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        mem.setFlag(pfn, PageFlag.PG_swapbacked);
        return pfn;
    }

    @Test
    void thirtyFoliosWaitAndTheThirtyFirstMovesTheWholeBatch() {
        List<Integer> folios = new ArrayList<>();
        for (int i = 0; i < LruBatches.PAGEVEC_SIZE - 1; i++) {
            int pfn = newAnonFolio();
            swap.folioAddLru(pfn);
            folios.add(pfn);
            assertFalse(mem.test(pfn, PageFlag.PG_lru));
            assertEquals(2, mem.refcount(pfn), "the batch holds a reference");
            InvariantChecker.checkLru(k);
        }
        assertEquals(0, k.node().lruvec().size(LruList.INACTIVE_ANON));
        EventCollector events = EventCollector.on(k);

        int last = newAnonFolio();
        swap.folioAddLru(last);
        folios.add(last);

        assertEquals(31, k.node().lruvec().size(LruList.INACTIVE_ANON));
        assertEquals(0, k.lruBatches().count(LruBatches.Batch.LRU_ADD, 0));
        assertEquals(last, k.node().lruvec().first(LruList.INACTIVE_ANON), "added in batch order, each at the head");
        assertEquals(folios.getFirst(), k.node().lruvec().last(LruList.INACTIVE_ANON));
        for (int pfn : folios) {
            assertTrue(mem.test(pfn, PageFlag.PG_lru));
            assertEquals(1, mem.refcount(pfn), "the batch's reference is dropped");
        }
        assertEquals(31, events.of(SwapEvents.LRU_ADD).size());
        InvariantChecker.checkLru(k);
    }

    @Test
    void aDrainMovesAPartialBatchAndTheLastPutFreesTheFolio() {
        int pfn = newAnonFolio();
        swap.folioAddLru(pfn);
        assertEquals(1, swap.lruAddDrain());
        assertTrue(mem.test(pfn, PageFlag.PG_lru));
        long free = k.node().zoneOfPfn(pfn).freePages();

        swap.folioPut(pfn);

        assertEquals(0, k.node().lruvec().size(LruList.INACTIVE_ANON));
        assertFalse(mem.test(pfn, PageFlag.PG_lru));
        assertEquals(0, mem.refcount(pfn));
        assertTrue(k.node().zoneOfPfn(pfn).freePages() >= free, "the page went back to the allocator");
        InvariantChecker.checkLru(k);
        assertThrows(IllegalStateException.class, () -> swap.folioPut(pfn));
    }

    @Test
    void anMlockedFolioGoesToTheUnevictableList() {
        int pfn = newAnonFolio();
        mem.setFlag(pfn, PageFlag.PG_mlocked);
        swap.folioAddLru(pfn);
        swap.lruAddDrain();
        assertEquals(pfn, k.node().lruvec().first(LruList.UNEVICTABLE));
        assertTrue(mem.test(pfn, PageFlag.PG_unevictable));
        InvariantChecker.checkLru(k);
    }
}

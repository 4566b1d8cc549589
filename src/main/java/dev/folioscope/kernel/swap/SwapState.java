package dev.folioscope.kernel.swap;

import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.trace.SwapfileEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/swap_state.c, mm/swapfile.c and mm/page_io.c on the machine's swap device: slots for folios
 * being swapped out (folio_alloc_swap), the swap cache (PG_swapcache, folio->swap, one reference
 * and NR_SWAPCACHE per folio), the slot counts swap PTEs hold (swap_duplicate, swap_free,
 * free_swap_and_cache) and swap I/O.
 *
 * <p>A folio's swap entry (folio->swap, which shares page->private) is its slot offset; the device
 * is type {@link SwapInfo#TYPE}. The swap file is on a disk, not a synchronous device: a swap-out
 * is under writeback until the disk completes it ({@link Writeback}); a swap-in reads at once.
 * Every page written is assumed non-zero (the model has no page contents), so 6.18's zero-page
 * shortcut (swpout_zero) never applies.
 */
public final class SwapState {
    /** Sectors per page, as bio accounting counts pgpgin and pgpgout. */
    private static final int SECTORS_PER_PAGE = 8;
    /** SWAP_RA_ORDER_CEILING: the VMA window's largest order. */
    private static final int SWAP_RA_ORDER_CEILING = 5;
    /** SWAP_RA_HITS_MAX: the hits field's mask (PAGE_SHIFT / 2 bits). */
    private static final int SWAP_RA_HITS_MAX = (1 << 6) - 1;
    private static final long PAGE_SIZE = 4096;
    private static final long PMD_SIZE = 512 * PAGE_SIZE;

    private final SwapInfo si;
    private final MemMap mem;
    private final PglistData node;
    private final SwapRaInfo raInfo;
    private final Swap swap;
    private final Writeback writeback;
    private final Workingset workingset;
    private final Trace trace;
    /** vm.page-cluster: readahead windows of up to 1 << pageCluster pages. */
    private final int pageCluster;

    public SwapState(SwapInfo si, SwapRaInfo raInfo, MemMap mem, PglistData node, Swap swap, Writeback writeback,
            Workingset workingset, Trace trace, int pageCluster) {
        this.pageCluster = pageCluster;
        this.workingset = workingset;
        this.si = si;
        this.raInfo = raInfo;
        this.mem = mem;
        this.node = node;
        this.swap = swap;
        this.writeback = writeback;
        this.trace = trace;
    }

    /** The device, to read. */
    public SwapInfo info() {
        return si;
    }

    /** folio->swap: the slot of a folio in the swap cache. */
    public int folioSwapOffset(int pfn) {
        return mem.privateField(pfn);
    }

    /**
     * folio_alloc_swap: a slot for an anonymous folio on the running CPU's cluster, and the folio
     * in the swap cache for it (swap_cache_add_folio: PG_swapcache, folio->swap, a reference,
     * NR_SWAPCACHE).
     *
     * <p>Context: the folio is isolated and not yet in the swap cache.
     *
     * @return whether the folio got a slot
     */
    public boolean folioAllocSwap(int pfn) {
        if (mem.test(pfn, PageFlag.PG_swapcache)) {
            throw new IllegalStateException("pfn 0x" + Integer.toHexString(pfn) + " is in the swap cache already");
        }
        int offset = si.allocSlot(trace.cpu());
        if (offset == 0) {
            trace.point(SwapfileEvents.FOLIO_ALLOC_SWAP_FAIL, pfn);
            return false;
        }
        swapCacheAdd(pfn, offset);
        trace.point(SwapfileEvents.FOLIO_ALLOC_SWAP, pfn, SwapInfo.TYPE, offset, si.nrSwapPages());
        return true;
    }

    /** swap_cache_add_folio: the swap cache's state for {@code pfn} at {@code offset}. */
    private void swapCacheAdd(int pfn, int offset) {
        si.setCachedFolio(offset, pfn);
        mem.setFlag(pfn, PageFlag.PG_swapcache);
        mem.setPrivate(pfn, offset);
        mem.setRefcount(pfn, mem.refcount(pfn) + 1);
        node.modStat(NodeStat.NR_SWAPCACHE, 1);
    }

    /**
     * __swap_cache_del_folio then put_swap_folio: the folio leaves the swap cache (its reference is
     * the caller's to drop or freeze), and its slot loses SWAP_HAS_CACHE, freed if no PTE names it.
     */
    public void swapCacheDel(int pfn, int shadow) {
        int offset = folioSwapOffset(pfn);
        if (shadow != 0) {
            si.setShadow(offset, shadow);
        } else {
            si.setCachedFolio(offset, -1);
        }
        mem.clearFlag(pfn, PageFlag.PG_swapcache);
        mem.setPrivate(pfn, 0);
        node.modStat(NodeStat.NR_SWAPCACHE, -1);
        int count = si.swapCount(offset);
        if (count == 0) {
            si.freeSlot(offset);
        } else {
            si.setSwapMap(offset, count);
        }
        trace.point(SwapfileEvents.SWAP_CACHE_DEL, pfn, offset, count);
    }

    /**
     * __swap_cache_replace_folio, for migration: the swap cache's slot of {@code src} holds
     * {@code dst} instead (NR_SWAPCACHE and the slot's SWAP_HAS_CACHE stay: one folio is cached
     * for it, as before). Context: dst has PG_swapcache and src's swap entry.
     */
    public void swapCacheReplaceFolio(int src, int dst) {
        // mm/swap_state.c: __swap_cache_replace_folio
        si.setCachedFolio(folioSwapOffset(src), dst);
    }

    /**
     * folio_free_swap: a folio in the swap cache, not under writeback, whose slot no swap PTE
     * names, leaves the swap cache (delete_from_swap_cache drops the cache's reference) and is
     * dirtied, for its copy in swap is gone.
     *
     * @return whether it did
     */
    public boolean folioFreeSwap(int pfn) {
        if (!mem.test(pfn, PageFlag.PG_swapcache) || mem.test(pfn, PageFlag.PG_writeback)
                || si.swapCount(folioSwapOffset(pfn)) != 0) {
            return false;
        }
        int offset = folioSwapOffset(pfn);
        swapCacheDel(pfn, 0);
        mem.setRefcount(pfn, mem.refcount(pfn) - 1);
        mem.setFlag(pfn, PageFlag.PG_dirty);
        trace.point(SwapfileEvents.FOLIO_FREE_SWAP, pfn, offset);
        return true;
    }

    /** swap_duplicate: one more swap PTE names {@code offset} (try_to_unmap, fork). */
    public void swapDuplicate(int offset) {
        si.setSwapMap(offset, si.swapMap(offset) + 1);
        trace.point(SwapfileEvents.SWAP_DUPLICATE, offset, si.swapCount(offset));
    }

    /**
     * swap_free / swap_entries_put_map: one swap PTE fewer names {@code offset}; a slot left with
     * neither count nor cache is free.
     */
    public void swapFree(int offset) {
        int map = si.swapMap(offset) - 1;
        boolean freed = map == 0;
        if (freed) {
            si.freeSlot(offset);
        } else {
            si.setSwapMap(offset, map);
        }
        trace.point(SwapfileEvents.SWAP_PUT, offset, map & ~SwapInfo.SWAP_HAS_CACHE, freed ? 1 : 0);
    }

    /**
     * free_swap_and_cache: a zapped swap PTE lets go of its slot; a slot left held by the swap
     * cache alone has its folio taken out of the cache (__try_to_reclaim_swap with TTRS_UNMAPPED
     * and TTRS_FULL) when no PTE maps that folio or swap is half full; the lookup's reference is
     * dropped at the end, so a folio the cache alone held is freed.
     */
    public void freeSwapAndCache(int offset) {
        swapFree(offset);
        if (si.swapMap(offset) != SwapInfo.SWAP_HAS_CACHE) {
            return;
        }
        int folio = si.cachedFolio(offset);
        if (folio >= 0 && (mem.mapcount(folio) == 0 || si.vmSwapFull())) {
            swap.folioGet(folio);
            folioFreeSwap(folio);
            swap.folioPut(folio);
        }
    }

    /**
     * swap_writepage → __swap_writepage → swap_writepage_bdev_async: the write is submitted
     * (PG_writeback, Writeback:), pswpout and pgpgout counted; it completes later.
     */
    public void swapWritepage(int pfn) {
        // mm/page_io.c: swap_writepage
        int offset = folioSwapOffset(pfn);
        trace.enter(SwapfileEvents.SWAP_WRITEPAGE, pfn, offset);
        writeback.folioStartWriteback(pfn);
        node.countVmEvents(VmEvent.PSWPOUT, 1);
        node.countVmEvents(VmEvent.PGPGOUT, SECTORS_PER_PAGE);
        trace.exit(0);
    }

    /**
     * swap_update_readahead, on a swap-cache hit of a fault in VMA {@code vmaId}: a folio read
     * ahead (PG_readahead, cleared now) counts a hit (swap_ra_hit) for the VMA's next window; the
     * VMA remembers the fault's address.
     */
    public void swapUpdateReadahead(int folio, int vmaId, long addr) {
        // mm/swap_state.c: swap_update_readahead
        boolean readahead = mem.test(folio, PageFlag.PG_readahead);
        SwapRaInfo.Ra ra = raInfo.get(vmaId);
        int hits = readahead ? Math.min(ra.hits() + 1, SWAP_RA_HITS_MAX) : ra.hits();
        raInfo.set(vmaId, new SwapRaInfo.Ra(addr & -PAGE_SIZE, ra.win(), hits));
        if (readahead) {
            mem.clearFlag(folio, PageFlag.PG_readahead);
            node.countVmEvents(VmEvent.SWAP_RA_HIT, 1);
            trace.point(SwapfileEvents.SWAP_RA_HIT, folio, hits);
        }
    }

    /**
     * swap_vma_ra_win: the readahead window of a swap fault at {@code faddr} in a VMA: its size
     * from the VMA's last fault and hits (__swapin_nr_pages, at most 1 << page-cluster pages),
     * placed after the fault when the faults go up, before it when they go down, around it
     * otherwise, and clipped to the VMA and to the fault's page table. The VMA remembers the
     * fault, the window and no hits yet. With vm.page-cluster 0 the window is the faulting page
     * and the VMA's readahead history is left as it was.
     *
     * @return {window size, start, end}; a window of 1 reads only the faulting page
     */
    public long[] swapVmaRaWin(int vmaId, long faddr, long vmStart, long vmEnd) {
        // mm/swap_state.c: swap_vma_ra_win
        int maxWin = 1 << Math.min(pageCluster, SWAP_RA_ORDER_CEILING);
        faddr &= -PAGE_SIZE;
        if (maxWin == 1) {
            return new long[] {1, faddr, faddr + PAGE_SIZE};
        }
        SwapRaInfo.Ra ra = raInfo.get(vmaId);
        long prevFaddr = ra.addr();
        int win = swapinNrPages(prevFaddr / PAGE_SIZE, faddr / PAGE_SIZE, ra.hits(), maxWin, ra.win());
        raInfo.set(vmaId, new SwapRaInfo.Ra(faddr, win, 0));
        if (win == 1) {
            return new long[] {1, faddr, faddr + PAGE_SIZE};
        }
        long left;
        if (faddr == prevFaddr + PAGE_SIZE) {
            left = faddr;
        } else if (prevFaddr == faddr + PAGE_SIZE) {
            left = faddr - win * PAGE_SIZE + PAGE_SIZE;
        } else {
            left = faddr - (win - 1) / 2 * PAGE_SIZE;
        }
        long right = left + win * PAGE_SIZE;
        long pmd = faddr & -PMD_SIZE;
        long start = Math.max(Math.max(Math.max(left, 0), vmStart), pmd);
        long end = Math.min(Math.min(right, vmEnd), pmd + PMD_SIZE);
        return new long[] {win, start, end};
    }

    /**
     * __swapin_nr_pages: hits + 2 pages rounded up to a power of two from 4, or with no hits 2
     * pages for a fault next to the last one and 1 otherwise; at most {@code maxPages}, and not
     * less than half the last window.
     */
    private static int swapinNrPages(long prevOffset, long offset, int hits, int maxPages, int prevWin) {
        int pages = hits + 2;
        if (pages == 2) {
            if (offset != prevOffset + 1 && offset != prevOffset - 1) {
                pages = 1;
            }
        } else {
            int roundup = 4;
            while (roundup < pages) {
                roundup <<= 1;
            }
            pages = roundup;
        }
        pages = Math.min(pages, maxPages);
        return Math.max(pages, prevWin / 2);
    }

    /**
     * A new folio for a swap-in (__read_swap_cache_async: locked, swap-backed, in the swap cache
     * with SWAP_HAS_CACHE on its slot; a refault if the slot held a shadow entry), then
     * swap_read_folio: read, up to date, pswpin counted.
     */
    public void swapIn(int pfn, int offset) {
        mem.setFlag(pfn, PageFlag.PG_swapbacked);
        si.setSwapMap(offset, si.swapMap(offset) | SwapInfo.SWAP_HAS_CACHE);
        int shadow = si.shadow(offset);
        swapCacheAdd(pfn, offset);
        trace.point(SwapfileEvents.SWAP_CACHE_ADD, pfn, offset);
        if (shadow != 0) {
            workingset.refault(pfn, shadow);
        }
        mem.setFlag(pfn, PageFlag.PG_uptodate);
        node.countVmEvents(VmEvent.PSWPIN, 1);
        node.countVmEvents(VmEvent.PGPGIN, SECTORS_PER_PAGE);
        trace.point(SwapfileEvents.SWAP_READ_FOLIO, pfn, offset);
    }
}

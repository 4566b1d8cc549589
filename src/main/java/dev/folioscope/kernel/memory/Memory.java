package dev.folioscope.kernel.memory;

import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmap.MmapSyscalls;
import dev.folioscope.kernel.mmap.PageRangeOps;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.mmzone.Lruvec;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.ZoneStat;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.pgtable.PageProt;
import dev.folioscope.kernel.pgtable.PageTableStore;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.rmap.AnonVmas;
import dev.folioscope.kernel.rmap.Rmap;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.swap.SwapState;
import dev.folioscope.kernel.vmscan.Vmscan;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MemoryEvents;
import dev.folioscope.kernel.trace.RmapEvents;
import dev.folioscope.kernel.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * The page layer under the VMA layer (mm/memory.c, mm/mprotect.c, mm/mremap.c, mm/gup.c,
 * mm/mlock.c, mm/madvise.c at the PTE level): what munmap, mprotect, mremap, mlock, madvise and
 * fork do to page tables, folios and anon_vmas. Faults are in {@link Fault}.
 *
 * <p>Every PTE written goes through {@link #setPte}, which reports it with the old and new
 * values, so a debugger can show each entry's history.
 */
public final class Memory implements PageRangeOps {
    /** PMD_SIZE: free_pgtables treats VMAs closer than this as one range. */
    private static final long PMD_SIZE = 1L << 21;

    final MemMap mem;
    final PglistData node;
    final PageTableStore store;
    final boolean l5;
    final AnonVmas anonVmas;
    final Rmap rmap;
    final Swap swap;
    final SwapState swapState;
    final PageAlloc pageAlloc;
    final Vmscan vmscan;
    final Filemap filemap;
    final Trace trace;
    /** my_zero_pfn: the shared zero page every read fault of untouched anonymous memory maps. */
    final int zeroPfn;
    private final Fault fault;

    public Memory(MemMap mem, PglistData node, PageTableStore store, boolean l5, AnonVmas anonVmas, Rmap rmap,
            Swap swap, SwapState swapState, PageAlloc pageAlloc, Vmscan vmscan, Filemap filemap, Trace trace,
            int zeroPfn) {
        this.mem = mem;
        this.node = node;
        this.store = store;
        this.l5 = l5;
        this.anonVmas = anonVmas;
        this.rmap = rmap;
        this.swap = swap;
        this.swapState = swapState;
        this.pageAlloc = pageAlloc;
        this.vmscan = vmscan;
        this.filemap = filemap;
        this.trace = trace;
        this.zeroPfn = zeroPfn;
        this.fault = new Fault(this);
    }

    /** The fault handlers, for user accesses. */
    public Fault fault() {
        return fault;
    }

    /** The page-table operations for {@code mm}, its tables charged to it. */
    PageTables pageTables(Mm mm) {
        return new PageTables(store, l5, new PgtableAlloc(mem, node, pageAlloc, trace, mm));
    }

    @Override
    public int pgdAlloc(Mm mm) {
        int pgd = pageTables(mm).pgdAlloc();
        if (pgd < 0) {
            return -Errno.ENOMEM;
        }
        mm.setPgd(pgd);
        return 0;
    }

    @Override
    public void pgdFree(Mm mm) {
        pageTables(mm).pgdFree((int) mm.pgd());
        mm.setPgd(-1);
    }

    /** set_pte_at: writes a PTE and reports the change. */
    void setPte(Mm mm, long address, PageTables.PteSlot slot, long pte) {
        long old = store.get(slot.table(), slot.index());
        store.set(slot.table(), slot.index(), pte);
        trace.point(MemoryEvents.SET_PTE, mm.owner(), address, slot.table(), slot.index(), old, pte);
    }

    void flushTlbRange(Mm mm, long start, long end) {
        trace.point(MemoryEvents.FLUSH_TLB_RANGE, mm.owner(), start, end);
    }

    /** vm_normal_page: the folio a present PTE maps, or -1 for a special one (the zero page). */
    static int normalPage(long pte) {
        return Pte.special(pte) ? -1 : (int) Pte.pfn(pte);
    }

    /**
     * vmf_anon_prepare → __anon_vma_prepare: gives a VMA about to get its first anonymous folio an
     * anon_vma, reusing a compatible neighbour's (find_mergeable_anon_vma) when it has a single
     * chain entry.
     *
     * @return the VMA as it is now
     */
    Vma anonVmaPrepare(Mm mm, Vma vma) {
        if (vma.hasAnonVma()) {
            return vma;
        }
        int reuse = MmapSyscalls.findMergeableAnonVma(mm, vma);
        trace.enter(RmapEvents.ANON_VMA_PREPARE, vma.id(), reuse);
        int id = anonVmas.prepare(vma.id(), reuse);
        Vma v = mm.setAnonVma(vma.id(), id, anonVmas.chain(vma.id()).length);
        trace.exit(id);
        return v;
    }

    /** is_cow_mapping: private and may be written. */
    static boolean isCowMapping(long flags) {
        return (flags & (VmFlags.VM_SHARED | VmFlags.VM_MAYWRITE)) == VmFlags.VM_MAYWRITE;
    }

    /** maybe_mkwrite: writable if the VMA is. */
    static long maybeMkwrite(long pte, Vma vma) {
        return (vma.flags() & VmFlags.VM_WRITE) != 0 ? Pte.mkwrite(pte) : pte;
    }

    /**
     * vma->vm_page_prot as vma_set_page_prot computes it: a shared writable mapping of a regular
     * file wants to be told of the first write to each page (vma_wants_writenotify: ext4 has
     * page_mkwrite), so its PTEs start read-only; shmem and private mappings need no such notice.
     */
    long vmPageProt(Vma vma) {
        long flags = vma.flags();
        if ((flags & (VmFlags.VM_WRITE | VmFlags.VM_SHARED)) == (VmFlags.VM_WRITE | VmFlags.VM_SHARED)
                && !vma.isAnonymous() && !filemap.cache().get(vma.file()).shmem()) {
            flags &= ~VmFlags.VM_SHARED;
        }
        return PageProt.vmGetPageProt(flags);
    }

    /** folio_add_lru_vma: an mlocked VMA's new folio is mlocked (mlock_new_folio), then queued for the LRU. */
    void folioAddLruVma(int pfn, Vma vma) {
        if ((vma.flags() & VmFlags.VM_LOCKED) != 0) {
            // mm/mlock.c: mlock_new_folio
            mem.setFlag(pfn, PageFlag.PG_mlocked);
            node.modZoneStat(pfn, ZoneStat.NR_MLOCK, 1);
        }
        swap.folioAddLru(pfn);
    }

    // ---- PageRangeOps --------------------------------------------------------------------

    @Override
    public long totalramPages() {
        long n = 0;
        for (var z : node.zones()) {
            n += z.managedPages();
        }
        return n;
    }

    @Override
    public long totalSwapPages() {
        return swapState.info().pages();
    }

    /**
     * zap_pte_range: clears the PTEs, drops each folio's mapping and RSS, flushes the TLB, then
     * frees the folios' references (tlb_finish_mmu: pages go only after the flush). A file
     * folio takes the PTE's dirty bit, and its young bit as a use (folio_mark_accessed) unless
     * the VMA asked for no recency (VM_SEQ_READ, VM_RAND_READ); a dirty one loses this mapping
     * only after the flush (zap_present_folio_ptes' delay_rmap).
     */
    @Override
    public void zapRange(Mm mm, Vma vma, long start, long end) {
        zapRange(mm, vma, start, end, false);
    }

    /**
     * zap_pte_range with {@code reclaimPt} (zap_details.reclaim_pt, MADV_DONTNEED's, with
     * CONFIG_PT_RECLAIM=y): each PTE table whose whole PMD span lies in the range is freed once
     * emptied (reclaim_pt_is_enabled, then free_pte / try_to_free_pte).
     */
    private void zapRange(Mm mm, Vma vma, long start, long end, boolean reclaimPt) {
        trace.enter(MemoryEvents.ZAP_PTE_RANGE, vma.id(), start, end);
        PageTables pt = pageTables(mm);
        List<Integer> folios = new ArrayList<>();
        List<Integer> delayedRmap = new ArrayList<>();
        int[] cleared = {0};
        pt.forEachPte((int) mm.pgd(), start, end, (addr, slot, pte) -> {
            if (Pte.isSwap(pte)) {
                // zap_nonpresent_ptes: the swap entry goes, and the slot's reference with it
                setPte(mm, addr, slot, 0);
                mm.addRss(Mm.MM_SWAPENTS, -1);
                swapState.freeSwapAndCache((int) Pte.swpOffset(pte));
                return;
            }
            if (!Pte.isPresent(pte)) {
                return;
            }
            setPte(mm, addr, slot, 0);
            cleared[0]++;
            int folio = normalPage(pte);
            if (folio < 0) {
                return;
            }
            mm.addRss(Rmap.mmCounter(mem, folio), -1);
            boolean delay = false;
            if (!mem.isAnon(folio)) {
                if (Pte.dirty(pte)) {
                    filemap.folioMarkDirty(folio);
                    // tlb_delay_rmap: a dirty file page stays mapped until the TLB no longer writes it
                    delay = true;
                }
                if (Pte.young(pte) && (vma.flags() & (VmFlags.VM_SEQ_READ | VmFlags.VM_RAND_READ)) == 0) {
                    swap.folioMarkAccessed(folio);
                }
            }
            if (delay) {
                delayedRmap.add(folio);
            } else {
                rmap.removePte(folio);
            }
            folios.add(folio);
        });
        if (cleared[0] > 0) {
            flushTlbRange(mm, start, end);
        }
        // tlb_flush_rmaps
        for (int folio : delayedRmap) {
            rmap.removePte(folio);
        }
        for (int folio : folios) {
            // free_pages_and_swap_cache → free_swap_cache: an unmapped folio no swap PTE names leaves the swap cache
            if (mem.test(folio, PageFlag.PG_swapcache) && mem.mapcount(folio) == 0) {
                swapState.folioFreeSwap(folio);
            }
            swap.folioPut(folio);
        }
        if (reclaimPt) {
            for (long pmd = (start + PMD_SIZE - 1) & -PMD_SIZE; pmd + PMD_SIZE <= end; pmd += PMD_SIZE) {
                pt.tryToFreePte((int) mm.pgd(), pmd);
            }
        }
        trace.exit(cleared[0]);
    }

    /**
     * free_pgtables: VMAs (the removed ones, in address order) closer than a PMD are freed as one
     * range; each range's tables go with free_pgd_range, bounded by the neighbours.
     */
    @Override
    public void freePgtables(Mm mm, List<Vma> vmas, long floor, long ceiling) {
        if (vmas.isEmpty()) {
            return;
        }
        long before = node.stat(dev.folioscope.kernel.mmzone.NodeStat.NR_PAGETABLE);
        trace.enter(MemoryEvents.FREE_PGTABLES, floor, ceiling);
        PageTables pt = pageTables(mm);
        int i = 0;
        while (i < vmas.size()) {
            long addr = vmas.get(i).start();
            int j = i;
            while (j + 1 < vmas.size() && vmas.get(j + 1).start() <= vmas.get(j).end() + PMD_SIZE) {
                j++;
            }
            long next = j + 1 < vmas.size() ? vmas.get(j + 1).start() : ceiling;
            pt.freePgdRange((int) mm.pgd(), addr, vmas.get(j).end(), floor, next);
            i = j + 1;
        }
        trace.exit(before - node.stat(dev.folioscope.kernel.mmzone.NodeStat.NR_PAGETABLE));
    }

    /**
     * change_protection: each present PTE takes the VMA's new protection (pte_modify); a private
     * anonymous page this process owns alone and has dirtied, or a dirty page of a shared
     * mapping, becomes writable at once (can_change_pte_writable), others stay write-protected
     * for a later fault.
     */
    @Override
    public void changeProtection(Mm mm, Vma vma, long start, long end) {
        trace.enter(MemoryEvents.CHANGE_PROTECTION, vma.id(), start, end);
        long prot = vmPageProt(vma);
        int[] changed = {0};
        pageTables(mm).forEachPte((int) mm.pgd(), start, end, (addr, slot, pte) -> {
            if (!Pte.isPresent(pte) && !Pte.isProtnone(pte)) {
                return;
            }
            long updated = Pte.modify(pte, prot);
            int folio = normalPage(pte);
            long writeShared = vma.flags() & (VmFlags.VM_WRITE | VmFlags.VM_SHARED);
            if (writeShared == VmFlags.VM_WRITE && folio >= 0 && mem.isAnon(folio)
                    && mem.test(folio, PageFlag.PG_anon_exclusive) && Pte.dirty(pte)
                    || writeShared == (VmFlags.VM_WRITE | VmFlags.VM_SHARED) && Pte.dirty(pte)) {
                updated = Pte.mkwrite(updated);
            }
            if (updated != pte) {
                setPte(mm, addr, slot, updated);
                changed[0]++;
            }
        });
        if (changed[0] > 0) {
            flushTlbRange(mm, start, end);
        }
        trace.exit(changed[0]);
    }

    /** move_page_tables → move_ptes: each entry moves to the new address; the folios keep their index. */
    @Override
    public long movePageTables(Mm mm, Vma oldVma, long oldAddr, Vma newVma, long newAddr, long len) {
        PageTables pt = pageTables(mm);
        int root = (int) mm.pgd();
        List<long[]> moves = new ArrayList<>();
        pt.forEachPte(root, oldAddr, oldAddr + len, (addr, slot, pte) -> moves.add(new long[] {addr, pte}));
        for (long[] m : moves) {
            PageTables.PteSlot to = pt.pteAlloc(root, newAddr + (m[0] - oldAddr));
            if (to == null) {
                return m[0] - oldAddr;
            }
            PageTables.PteSlot from = pt.followPte(root, m[0]);
            setPte(mm, m[0], from, 0);
            setPte(mm, newAddr + (m[0] - oldAddr), to, m[1]);
        }
        if (!moves.isEmpty()) {
            flushTlbRange(mm, oldAddr, oldAddr + len);
        }
        return len;
    }

    /**
     * mm/gup.c: populate_vma_page_range — __get_user_pages, then lru_add_drain: the new folios
     * (and whatever else waited in the batch) reach the LRU, an mlocked VMA's as unevictable.
     */
    @Override
    public long populate(Mm mm, Vma vma, long start, long end, boolean write) {
        long r = fault.populate(mm, vma, start, end, write);
        swap.lruAddDrain();
        return r;
    }

    /**
     * mm/mlock.c: mlock_vma_pages_range — lru_add_drain, then the walk (mlock_pte_range:
     * mlock_folio or munlock_folio on each present folio). Their mlock_fbatch is drained by the
     * lru_add_drain that ends mlock_vma_pages_range, before anyone can see it, so the walk
     * applies __mlock_folio / __munlock_folio directly.
     */
    @Override
    public void mlockRange(Mm mm, Vma vma, long start, long end) {
        boolean lock = (vma.flags() & VmFlags.VM_LOCKED) != 0;
        swap.lruAddDrain();
        pageTables(mm).forEachPte((int) mm.pgd(), start, end, (addr, slot, pte) -> {
            int folio = Pte.isPresent(pte) ? normalPage(pte) : -1;
            if (folio >= 0) {
                mlockFolio(folio, lock);
            }
        });
    }

    /**
     * __mlock_folio / __munlock_folio applied at once (the model has no mlock_fbatch): the folio
     * gets or loses PG_mlocked and, if it is on an LRU list, moves to or from the unevictable
     * list; one still in the lru_add batch goes to the right list when the batch moves.
     */
    void mlockFolio(int folio, boolean lock) {
        if (mem.test(folio, PageFlag.PG_mlocked) == lock) {
            return;
        }
        Lruvec lruvec = node.lruvec();
        boolean onLru = mem.test(folio, PageFlag.PG_lru);
        if (onLru) {
            lruvec.del(mem, Swap.folioLruList(mem, folio), folio);
        }
        if (lock) {
            // mm/mlock.c: mlock_folio
            mem.setFlag(folio, PageFlag.PG_mlocked);
            node.modZoneStat(folio, ZoneStat.NR_MLOCK, 1);
            if (onLru) {
                mem.clearFlag(folio, PageFlag.PG_active);
                mem.setFlag(folio, PageFlag.PG_unevictable);
            }
        } else {
            // mm/mlock.c: __munlock_folio
            mem.clearFlag(folio, PageFlag.PG_mlocked);
            node.modZoneStat(folio, ZoneStat.NR_MLOCK, -1);
            mem.clearFlag(folio, PageFlag.PG_unevictable);
        }
        if (onLru) {
            lruvec.add(mem, Swap.folioLruList(mem, folio), folio);
        }
    }

    /**
     * MADV_DONTNEED(_LOCKED) zaps the range, MADV_FREE makes its folios lazily freeable,
     * MADV_COLD deactivates them, MADV_PAGEOUT reclaims them at once, MADV_WILLNEED reads a file's
     * range ahead (anonymous memory's WILLNEED, which would start swap-ins, does nothing here).
     */
    @Override
    public int madvise(Mm mm, Vma vma, long start, long end, int behavior) {
        switch (behavior) {
            // mm/madvise.c: madvise_dontneed_single_vma zaps with reclaim_pt
            case Mman.MADV_DONTNEED, Mman.MADV_DONTNEED_LOCKED -> zapRange(mm, vma, start, end, true);
            case Mman.MADV_FREE -> madviseFree(mm, start, end);
            case Mman.MADV_COLD -> madviseColdOrPageout(mm, start, end, false);
            case Mman.MADV_PAGEOUT -> madviseColdOrPageout(mm, start, end, true);
            case Mman.MADV_WILLNEED -> madviseWillneed(vma, start, end);
            default -> {
            }
        }
        return 0;
    }

    /**
     * mm/madvise.c: madvise_cold and madvise_pageout — lru_add_drain, then
     * madvise_cold_or_pageout_pte_range on each present normal folio on an LRU list that this PTE
     * alone maps (a file folio only if the caller could write the file: the model's processes own
     * their files): the PTE is made old, the folio loses PG_referenced and PG_young, and an active
     * one is marked PG_workingset; MADV_COLD queues it for deactivation (folio_deactivate),
     * MADV_PAGEOUT isolates it for reclaim_pages, which takes the isolated folios through
     * shrink_folio_list ignoring references.
     */
    private void madviseColdOrPageout(Mm mm, long start, long end, boolean pageout) {
        swap.lruAddDrain();
        List<Integer> isolated = new ArrayList<>();
        int[] cleared = {0};
        pageTables(mm).forEachPte((int) mm.pgd(), start, end, (addr, slot, pte) -> {
            int folio = Pte.isPresent(pte) ? normalPage(pte) : -1;
            if (folio < 0 || !mem.test(folio, PageFlag.PG_lru) || mem.mapcount(folio) != 1) {
                return;
            }
            if (Pte.young(pte)) {
                setPte(mm, addr, slot, Pte.mkold(pte));
                cleared[0]++;
            }
            mem.clearFlag(folio, PageFlag.PG_referenced);
            mem.clearFlag(folio, PageFlag.PG_young);
            if (mem.test(folio, PageFlag.PG_active)) {
                mem.setFlag(folio, PageFlag.PG_workingset);
            }
            if (pageout) {
                isolated.add(folio);
            } else {
                swap.folioDeactivate(folio);
            }
        });
        if (cleared[0] > 0) {
            flushTlbRange(mm, start, end);
        }
        if (pageout) {
            vmscan.reclaimPages(isolated);
        }
    }

    /**
     * mm/madvise.c: madvise_willneed of a regular file's range — vfs_fadvise(POSIX_FADV_WILLNEED),
     * that is force_page_cache_ra: the range, at most ra_pages of it, read in without a
     * PG_readahead marker. A shmem object would be swapped in, and anonymous memory too; without
     * swap neither has anything to read.
     */
    private void madviseWillneed(Vma vma, long start, long end) {
        if (vma.isAnonymous() || filemap.cache().get(vma.file()).shmem()) {
            return;
        }
        filemap.forceReadahead(filemap.cache().get(vma.file()), vma.pgoffAt(start), (end - start) >>> 12);
    }

    /**
     * mm/madvise.c: madvise_free_single_vma — lru_add_drain, then madvise_free_pte_range on each
     * present normal folio (not the zero page): a dirty folio mapped only here is cleaned (one
     * mapped elsewhere is left alone), a young or dirty PTE is made old and clean, and the folio
     * goes to the lru_lazyfree batch (folio_mark_lazyfree). Swap entries are not modelled.
     */
    private void madviseFree(Mm mm, long start, long end) {
        swap.lruAddDrain();
        int[] cleared = {0};
        pageTables(mm).forEachPte((int) mm.pgd(), start, end, (addr, slot, pte) -> {
            int folio = Pte.isPresent(pte) ? normalPage(pte) : -1;
            if (folio < 0) {
                return;
            }
            if (mem.test(folio, PageFlag.PG_dirty)) {
                if (mem.mapcount(folio) != 1) {
                    return;
                }
                mem.clearFlag(folio, PageFlag.PG_dirty);
            }
            if (Pte.young(pte) || Pte.dirty(pte)) {
                setPte(mm, addr, slot, Pte.mkclean(Pte.mkold(pte)));
                cleared[0]++;
            }
            swap.folioMarkLazyfree(folio);
        });
        if (cleared[0] > 0) {
            flushTlbRange(mm, start, end);
        }
    }

    /**
     * copy_nonpresent_pte for a swap entry: the slot gains the child's reference
     * (swap_duplicate), an exclusive entry stops being exclusive in the parent too, and the
     * child's swap RSS grows.
     */
    private void copyNonpresentPte(Mm child, Mm parent, long addr, PageTables.PteSlot from, PageTables.PteSlot to,
            long pte) {
        swapState.swapDuplicate((int) Pte.swpOffset(pte));
        if (Pte.swpExclusive(pte)) {
            pte = Pte.swpClearExclusive(pte);
            setPte(parent, addr, from, pte);
        }
        child.addRss(Mm.MM_SWAPENTS, 1);
        setPte(child, addr, to, Pte.swpClearUffdWp(pte));
    }

    @Override
    public int shmemZeroSetup(long size) {
        return filemap.shmemZeroSetup(size >>> 12);
    }

    @Override
    public void anonVmaClone(Mm mm, Vma dst, Vma src) {
        anonVmas.clone(dst.id(), dst.anonVma(), src.id(), src.anonVma());
    }

    @Override
    public void unlinkAnonVmas(Mm mm, Vma vma) {
        if (anonVmas.chain(vma.id()).length == 0) {
            return;
        }
        anonVmas.unlink(vma.id(), vma.anonVma());
        trace.point(RmapEvents.UNLINK_ANON_VMAS, vma.id(), vma.anonVma());
    }

    @Override
    public Vma anonVmaFork(Mm child, Vma childVma, Mm parent, Vma parentVma) {
        trace.enter(RmapEvents.ANON_VMA_FORK, childVma.id(), parentVma.id());
        int id = anonVmas.fork(childVma.id(), parentVma.id(), parentVma.anonVma());
        trace.exit(id);
        return childVma.withAnonVma(id, anonVmas.chain(childVma.id()).length);
    }

    /**
     * copy_page_range → copy_present_pte: the child maps the same folios (their references and
     * mapcounts go up, anonymous ones lose PG_anon_exclusive); a private writable PTE is
     * write-protected in both, so the first write of either copies; the child's PTEs are old.
     * A VMA without an anon_vma is not copied at all (vma_needs_copy): its pages, file pages or
     * the zero page, fault in again from where they came.
     */
    @Override
    public int copyPageRange(Mm child, Vma dst, Mm parent, Vma src) {
        if (!src.hasAnonVma()) {
            return 0;
        }
        trace.enter(MemoryEvents.COPY_PAGE_RANGE, child.owner(), src.id(), src.start(), src.end());
        PageTables parentPt = pageTables(parent);
        PageTables childPt = pageTables(child);
        int[] copied = {0};
        boolean[] failed = {false};
        parentPt.forEachPte((int) parent.pgd(), src.start(), src.end(), (addr, slot, pte) -> {
            if (failed[0] || !Pte.isPresent(pte) && !Pte.isSwap(pte)) {
                return;
            }
            PageTables.PteSlot to = childPt.pteAlloc((int) child.pgd(), addr);
            if (to == null) {
                failed[0] = true;
                return;
            }
            if (Pte.isSwap(pte)) {
                copyNonpresentPte(child, parent, addr, slot, to, pte);
                copied[0]++;
                return;
            }
            int folio = normalPage(pte);
            if (folio >= 0) {
                swap.folioGet(folio);
                if (mem.isAnon(folio)) {
                    rmap.dupAnon(folio);
                } else {
                    rmap.dupFile(folio);
                }
                child.addRss(Rmap.mmCounter(mem, folio), 1);
            }
            long copy = pte;
            if (isCowMapping(src.flags()) && Pte.write(pte)) {
                setPte(parent, addr, slot, Pte.wrprotect(pte));
                copy = Pte.wrprotect(copy);
            }
            if ((src.flags() & VmFlags.VM_SHARED) != 0) {
                copy = Pte.mkclean(copy);
            }
            setPte(child, addr, to, Pte.mkold(copy));
            copied[0]++;
        });
        trace.exit(failed[0] ? -Errno.ENOMEM : copied[0]);
        return failed[0] ? -Errno.ENOMEM : 0;
    }

}

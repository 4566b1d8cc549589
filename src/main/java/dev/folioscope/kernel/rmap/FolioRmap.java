package dev.folioscope.kernel.rmap;

import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pgtable.PageTableStore;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.trace.MemoryEvents;
import dev.folioscope.kernel.trace.RmapEvents;
import dev.folioscope.kernel.swap.SwapInfo;
import dev.folioscope.kernel.swap.SwapState;
import dev.folioscope.kernel.trace.Trace;
import java.util.List;
import java.util.function.Supplier;

/**
 * mm/rmap.c: rmap_walk_file and rmap_walk_anon, and what reclaim does through them to a folio —
 * folio_referenced (read and clear the young bit of every PTE mapping it) and try_to_unmap
 * (clear every such PTE; an anonymous folio's PTEs get its swap entry instead, or, for a clean
 * MADV_FREE folio, nothing). Order-0 folios only.
 *
 * <p>The kernel finds a file's mappings in its i_mmap interval tree; the model looks through the
 * live processes' VMAs for those of the file whose offsets cover the folio's index, in process
 * then address order (as kernel.debug.RmapWalk does for the checker).
 *
 * <p>An anonymous folio's mappings are found through its anon_vma: each VMA chained to it, in
 * id order (the kernel walks its interval tree), at the address the folio's index gives.
 */
public final class FolioRmap {
    /** What folio_referenced found: the VMAs with a young PTE, and the union of their vm_flags. */
    public record Referenced(int referenced, long vmFlags) {
    }

    private final MemMap mem;
    private final PageTableStore store;
    private final Rmap rmap;
    private final Filemap filemap;
    private final AnonVmas anonVmas;
    private final SwapState swap;
    private final Supplier<List<Mm>> mms;
    private final Trace trace;

    /**
     * @param mms the mm of every live process, in pid order (the walk's order)
     */
    public FolioRmap(MemMap mem, PageTableStore store, Rmap rmap, Filemap filemap, AnonVmas anonVmas, SwapState swap,
            Supplier<List<Mm>> mms, Trace trace) {
        this.mem = mem;
        this.store = store;
        this.rmap = rmap;
        this.filemap = filemap;
        this.anonVmas = anonVmas;
        this.swap = swap;
        this.mms = mms;
        this.trace = trace;
    }

    /** One PTE that maps the folio: its mm, VMA, address and slot. */
    private record Mapping(Mm mm, Vma vma, long address, PageTables.PteSlot slot) {
    }

    /**
     * folio_referenced (mm/rmap.c: folio_referenced, folio_referenced_one):
     * every PTE mapping it has its accessed bit tested and cleared (x86's ptep_clear_flush_young
     * does not flush the TLB); each VMA with a young one counts once and adds its vm_flags. A PTE
     * in a VM_LOCKED VMA ends the walk with VM_LOCKED reported.
     *
     * <p>Context: the folio is isolated from the LRU (or locked). An unmapped folio is not walked.
     *
     * @return the number of VMAs that referenced the folio, and their vm_flags
     */
    public Referenced folioReferenced(int pfn) {
        requireMapping(pfn);
        if (mem.mapcount(pfn) == 0) {
            return new Referenced(0, 0);
        }
        trace.enter(RmapEvents.FOLIO_REFERENCED, pfn, mem.mapcount(pfn));
        int referenced = 0;
        long vmFlags = 0;
        for (Mapping m : mappings(pfn)) {
            if ((m.vma().flags() & VmFlags.VM_LOCKED) != 0) {
                // folio_referenced_one: the folio is mlocked by its VMA (mlock_vma_folio; the model
                // mlocks such folios when they are mapped) and the walk stops.
                vmFlags |= VmFlags.VM_LOCKED;
                break;
            }
            long pte = store.get(m.slot().table(), m.slot().index());
            if (Pte.young(pte)) {
                // ptep_test_and_clear_young
                setPte(m, pte & ~Pte.ACCESSED);
                referenced++;
                vmFlags |= m.vma().flags() & ~VmFlags.VM_LOCKED;
                mem.clearFlag(pfn, PageFlag.PG_idle);
            }
        }
        trace.exit(referenced);
        return new Referenced(referenced, vmFlags);
    }

    /**
     * try_to_unmap (try_to_unmap_one for each mapping): each PTE is cleared and the TLB flushed
     * for it (TTU_BATCH_FLUSH defers the flush to try_to_unmap_flush; the model shows it at
     * once), a dirty PTE dirties the folio, the mm's RSS drops, the rmap count goes, and so does
     * the reference the mapping held. A VM_LOCKED VMA stops the walk and leaves the folio mapped.
     * An anonymous folio in the swap cache leaves its swap entry in each PTE (swap_duplicate,
     * MM_ANONPAGES → MM_SWAPENTS, PG_anon_exclusive carried into the entry's exclusive bit, the
     * soft-dirty bit kept); a MADV_FREE folio (not swap-backed) is discarded if clean and held by
     * nothing but its mappings and the isolation, else its PTE is restored, it becomes
     * swap-backed again and the walk stops.
     *
     * <p>Context: the folio is isolated, so the mapping's reference is never its last.
     *
     * @return whether the folio is no longer mapped
     */
    public boolean tryToUnmap(int pfn) {
        requireMapping(pfn);
        trace.enter(RmapEvents.TRY_TO_UNMAP, pfn, mem.mapcount(pfn));
        for (Mapping m : mappings(pfn)) {
            if ((m.vma().flags() & VmFlags.VM_LOCKED) != 0) {
                break;
            }
            long pte = store.get(m.slot().table(), m.slot().index());
            if (mem.isAnon(pfn) && !tryToUnmapAnon(m, pfn, pte)) {
                break;
            }
            if (!mem.isAnon(pfn)) {
                // ptep_get_and_clear, then the flush
                setPte(m, 0);
                trace.point(MemoryEvents.FLUSH_TLB_RANGE, m.mm().owner(), m.address(), m.address() + 4096);
                if (Pte.dirty(pte)) {
                    filemap.folioMarkDirty(pfn);
                }
                m.mm().updateHiwaterRss();
                m.mm().addRss(Rmap.mmCounter(mem, pfn), -1);
            }
            rmap.removePte(pfn);
            // folio_put of the mapping's reference: not the last, the isolation holds one.
            mem.setRefcount(pfn, mem.refcount(pfn) - 1);
        }
        boolean unmapped = mem.mapcount(pfn) == 0;
        trace.exit(unmapped ? 1 : 0);
        return unmapped;
    }

    /**
     * try_to_unmap_one's anonymous path for one PTE (ptep_clear_flush, then the swap entry or the
     * discard; shown as one PTE write).
     *
     * @return false when the walk stops with the PTE restored (a MADV_FREE folio in use again)
     */
    private boolean tryToUnmapAnon(Mapping m, int pfn, long pte) {
        if (Pte.dirty(pte)) {
            mem.setFlag(pfn, PageFlag.PG_dirty);
        }
        boolean dirty = mem.test(pfn, PageFlag.PG_dirty);
        m.mm().updateHiwaterRss();
        if (!mem.test(pfn, PageFlag.PG_swapbacked)) {
            if (mem.refcount(pfn) != 1 + mem.mapcount(pfn) || dirty) {
                // the PTE is put back as it was; a written MADV_FREE folio must be swapped
                if (dirty) {
                    mem.setFlag(pfn, PageFlag.PG_swapbacked);
                }
                trace.point(MemoryEvents.FLUSH_TLB_RANGE, m.mm().owner(), m.address(), m.address() + 4096);
                return false;
            }
            setPte(m, 0);
            trace.point(MemoryEvents.FLUSH_TLB_RANGE, m.mm().owner(), m.address(), m.address() + 4096);
            m.mm().addRss(Mm.MM_ANONPAGES, -1);
            return true;
        }
        int offset = swap.folioSwapOffset(pfn);
        swap.swapDuplicate(offset);
        long swpPte = Pte.swpEntry(SwapInfo.TYPE, offset);
        if (mem.test(pfn, PageFlag.PG_anon_exclusive)) {
            // folio_try_share_anon_rmap_pte: the exclusivity moves into the swap entry
            mem.clearFlag(pfn, PageFlag.PG_anon_exclusive);
            swpPte = Pte.swpMkexclusive(swpPte);
        }
        if (Pte.softDirty(pte)) {
            swpPte = Pte.swpMksoftDirty(swpPte);
        }
        setPte(m, swpPte);
        trace.point(MemoryEvents.FLUSH_TLB_RANGE, m.mm().owner(), m.address(), m.address() + 4096);
        m.mm().addRss(Mm.MM_ANONPAGES, -1);
        m.mm().addRss(Mm.MM_SWAPENTS, 1);
        return true;
    }

    private void requireMapping(int pfn) {
        if (mem.mapping(pfn) == 0) {
            throw new IllegalStateException("pfn 0x" + Integer.toHexString(pfn) + " has no mapping to walk");
        }
    }

    /** set_pte_at, reported as the page-table code reports it. */
    private void setPte(Mapping m, long pte) {
        long old = store.get(m.slot().table(), m.slot().index());
        store.set(m.slot().table(), m.slot().index(), pte);
        trace.point(MemoryEvents.SET_PTE, m.mm().owner(), m.address(), m.slot().table(), m.slot().index(), old, pte);
    }

    /**
     * try_to_migrate and remove_migration_ptes (mm/rmap.c, mm/migrate.c), folded into one walk:
     * migration moves folio {@code src} to {@code dst}, which has taken src's mapping and index
     * already, so the walk goes through dst's anon_vma or file (rmap_walk with dst, as
     * remove_migration_ptes does). Each PTE that maps src is pointed at dst, keeping its other
     * bits, and its TLB entry flushed; its mapcount and reference go from src to dst
     * (try_to_migrate_one's folio_remove_rmap_pte and folio_put, remove_migration_pte's folio_get
     * and folio_add_anon_rmap_pte or folio_add_file_rmap_pte: one folio is mapped before and
     * after, so NR_ANON_MAPPED and NR_FILE_MAPPED stay). The migration entries the kernel puts in
     * between are not modelled: nothing runs while a folio moves.
     *
     * @return the PTEs moved
     */
    public int removeMigrationPtes(int src, int dst) {
        int moved = 0;
        for (Mapping m : mappings(dst, src)) {
            mem.setMapcount(src, mem.mapcount(src) - 1);
            mem.setRefcount(src, mem.refcount(src) - 1);
            mem.setMapcount(dst, mem.mapcount(dst) + 1);
            mem.setRefcount(dst, mem.refcount(dst) + 1);
            long old = store.get(m.slot().table(), m.slot().index());
            setPte(m, (old & ~Pte.PFN_MASK) | ((long) dst << 12));
            trace.point(MemoryEvents.FLUSH_TLB_RANGE, m.mm().owner(), m.address(), m.address() + 4096);
            moved++;
        }
        return moved;
    }

    private List<Mapping> mappings(int pfn) {
        return mappings(pfn, pfn);
    }

    /**
     * rmap_walk_anon or rmap_walk_file: for each VMA of folio {@code folio}'s anon_vma, or of its
     * file, that covers its index, vma_address and the PTE there (page_vma_mapped_walk), if it
     * maps {@code pfn} (the folio itself, but for remove_migration_ptes).
     */
    private List<Mapping> mappings(int folio, int pfn) {
        long index = mem.index(folio);
        List<Mapping> out = new java.util.ArrayList<>();
        if (mem.isAnon(folio)) {
            int[] vmas = anonVmas.vmasOf(Rmap.anonVmaOf(mem.mapping(folio)));
            for (int id : vmas) {
                for (Mm mm : mms.get()) {
                    Vma v = mm.pgd() < 0 ? null : mm.vmaById(id);
                    if (v != null) {
                        addIfMapped(mm, v, index, pfn, out);
                    }
                }
            }
            return out;
        }
        int ino = Filemap.inodeOf(mem, folio);
        for (Mm mm : mms.get()) {
            if (mm.pgd() < 0) {
                continue;
            }
            for (Vma v : mm.vmas()) {
                if (v.file() == ino) {
                    addIfMapped(mm, v, index, pfn, out);
                }
            }
        }
        return out;
    }

    /** vma_address, then the PTE there: a mapping if it maps {@code pfn}. */
    private void addIfMapped(Mm mm, Vma v, long index, int pfn, List<Mapping> out) {
        if (index < v.pgoff()) {
            return;
        }
        long addr = v.start() + ((index - v.pgoff()) << 12);
        if (!v.contains(addr)) {
            return;
        }
        PageTables.Walk w = new PageTables(store, mm.la57(), null).walk((int) mm.pgd(), addr);
        if (w.pte() == null) {
            return;
        }
        long e = store.get(w.pte().table(), w.pte().index());
        if (Pte.isPresent(e) && Pte.pfn(e) == pfn) {
            out.add(new Mapping(mm, v, addr, w.pte()));
        }
    }
}

package dev.folioscope.kernel.compaction;

import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pgtable.PageTableStore;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.rmap.AnonVmas;
import dev.folioscope.kernel.rmap.Rmap;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.task.Task;
import dev.folioscope.kernel.task.Tasks;
import dev.folioscope.kernel.trace.CompactionEvents;
import dev.folioscope.kernel.trace.MemoryEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/migrate.c for an isolated order-0 anonymous folio: migrate_folio_unmap, move_to_new_folio
 * and migrate_folio_move, with try_to_migrate and remove_migration_ptes folded into one pass
 * over the folio's PTEs (found as rmap_walk_anon finds them): each is rewritten to the new pfn,
 * keeping its other bits, and its TLB entry flushed. The migration entries the kernel puts in
 * between are not modelled: nothing runs while a folio moves.
 */
final class Migrate {
    private final MemMap mem;
    private final PageTableStore store;
    private final AnonVmas anonVmas;
    private final Tasks tasks;
    private final Swap swap;
    private final Trace trace;

    Migrate(MemMap mem, PageTableStore store, AnonVmas anonVmas, Tasks tasks, Swap swap, Trace trace) {
        this.mem = mem;
        this.store = store;
        this.anonVmas = anonVmas;
        this.tasks = tasks;
        this.swap = swap;
        this.trace = trace;
    }

    /**
     * Moves isolated folio {@code src} (its isolation reference held, off the LRU) to {@code dst}, a
     * page compaction_alloc took (its reference 1): dst gets src's flags (folio_migrate_flags),
     * mapping and index (folio_migrate_mapping) and mapcount, one reference per PTE now mapping it,
     * and goes to the LRU through the running CPU's lru_add batch; src loses its references and is
     * freed (migrate_folio_done).
     */
    void migrateFolio(int src, int dst) {
        int mapcount = mem.mapcount(src);
        for (PageFlag f : PageFlag.values()) {
            if (f != PageFlag.PG_lru && mem.test(src, f)) {
                mem.setFlag(dst, f);
            }
        }
        mem.setMapping(dst, mem.mapping(src));
        mem.setIndex(dst, mem.index(src));
        mem.setMapcount(dst, mapcount);
        mem.setRefcount(dst, 1 + mapcount);
        remap(src, dst);
        mem.setMapcount(src, 0);
        mem.setRefcount(src, 1);
        trace.point(CompactionEvents.MIGRATE_FOLIO, src, dst, mapcount);
        swap.folioAddLru(dst);
        swap.folioPut(dst);
        swap.folioPut(src);
    }

    /** rmap_walk_anon over src's anon_vma: every PTE mapping src is pointed at dst. */
    private void remap(int src, int dst) {
        for (int id : anonVmas.vmasOf(Rmap.anonVmaOf(mem.mapping(src)))) {
            Task t = tasks.ownerOfVma(id);
            if (t == null) {
                continue;
            }
            Mm mm = t.mm();
            Vma v = mm.vmaById(id);
            long addr = v.start() + ((mem.index(src) - v.pgoff()) << 12);
            if (!v.contains(addr) || mm.pgd() < 0) {
                continue;
            }
            PageTables.PteSlot slot = new PageTables(store, mm.la57(), null).walk((int) mm.pgd(), addr).pte();
            if (slot == null) {
                continue;
            }
            long old = store.get(slot.table(), slot.index());
            if (!Pte.isPresent(old) || Pte.pfn(old) != src) {
                continue;
            }
            long pte = (old & ~Pte.PFN_MASK) | ((long) dst << 12);
            store.set(slot.table(), slot.index(), pte);
            trace.point(MemoryEvents.SET_PTE, mm.owner(), addr, slot.table(), slot.index(), old, pte);
            trace.point(MemoryEvents.FLUSH_TLB_RANGE, mm.owner(), addr, addr + 4096);
        }
    }
}

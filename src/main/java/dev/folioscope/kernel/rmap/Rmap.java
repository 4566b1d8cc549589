package dev.folioscope.kernel.rmap;

import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.trace.RmapEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/rmap.c at the folio: the mapcount that counts a folio's PTEs, the mapping and index that
 * lead back to them, PG_anon_exclusive, and the mapped-page counters. Small (order-0) folios only.
 */
public final class Rmap {
    private final MemMap mem;
    private final PglistData node;
    private final Trace trace;

    public Rmap(MemMap mem, PglistData node, Trace trace) {
        this.mem = mem;
        this.node = node;
        this.trace = trace;
    }

    /** mm_counter: the RSS counter a mapped folio counts in — anonymous, shmem (swap-backed file) or file. */
    public static int mmCounter(MemMap mem, int pfn) {
        if (mem.isAnon(pfn)) {
            return Mm.MM_ANONPAGES;
        }
        return mem.test(pfn, PageFlag.PG_swapbacked) ? Mm.MM_SHMEMPAGES : Mm.MM_FILEPAGES;
    }

    /** The page->mapping value of an anonymous folio of {@code anonVma} (PAGE_MAPPING_ANON set). */
    public static int anonMapping(int anonVma) {
        return anonVma << 1 | 1;
    }

    /** The anon_vma an anonymous folio's mapping names. */
    public static int anonVmaOf(int mapping) {
        return mapping >>> 1;
    }

    /**
     * folio_add_new_anon_rmap: a new folio mapped by one PTE of {@code vma} at {@code address}:
     * PG_swapbacked, mapping = the VMA's anon_vma, index = the address's page in the VMA
     * (linear_page_index), mapcount 1, and PG_anon_exclusive when {@code exclusive}.
     */
    public void addNewAnon(int pfn, Vma vma, long address, boolean exclusive) {
        mem.setFlag(pfn, PageFlag.PG_swapbacked);
        mem.setMapping(pfn, anonMapping(vma.anonVma()));
        mem.setIndex(pfn, vma.pgoffAt(address));
        mem.setMapcount(pfn, 1);
        if (exclusive) {
            mem.setFlag(pfn, PageFlag.PG_anon_exclusive);
        }
        node.modStat(NodeStat.NR_ANON_MAPPED, 1);
        trace.point(RmapEvents.FOLIO_ADD_NEW_ANON_RMAP, pfn, vma.id(), address, vma.anonVma());
    }

    /**
     * folio_add_anon_rmap_ptes for one PTE (do_swap_page mapping a folio the swap cache kept
     * anonymous): one more mapping, the first counted in NR_ANON_MAPPED; PG_anon_exclusive when
     * {@code exclusive}.
     */
    public void addAnonPte(int pfn, Vma vma, long address, boolean exclusive) {
        int mapcount = mem.mapcount(pfn) + 1;
        mem.setMapcount(pfn, mapcount);
        if (mapcount == 1) {
            node.modStat(NodeStat.NR_ANON_MAPPED, 1);
        }
        if (exclusive) {
            mem.setFlag(pfn, PageFlag.PG_anon_exclusive);
        }
        trace.point(RmapEvents.FOLIO_ADD_ANON_RMAP_PTE, pfn, vma.id(), address, mapcount);
    }

    /**
     * folio_try_dup_anon_rmap_pte for fork: one more PTE maps the folio, which is no longer
     * exclusive. (Pinned pages, which fork must copy at once, are not modelled.)
     */
    public void dupAnon(int pfn) {
        mem.clearFlag(pfn, PageFlag.PG_anon_exclusive);
        mem.setMapcount(pfn, mem.mapcount(pfn) + 1);
        trace.point(RmapEvents.FOLIO_DUP_ANON_RMAP, pfn, mem.mapcount(pfn));
    }

    /** folio_dup_file_rmap_pte: one more PTE maps a page-cache folio. */
    public void dupFile(int pfn) {
        mem.setMapcount(pfn, mem.mapcount(pfn) + 1);
        trace.point(RmapEvents.FOLIO_DUP_FILE_RMAP, pfn, mem.mapcount(pfn));
    }

    /**
     * folio_add_file_rmap_ptes for one PTE at {@code address} of {@code vma}: the first mapping
     * counts the folio in NR_FILE_MAPPED.
     */
    public void addFolioRmap(int pfn, Vma vma, long address) {
        int mapcount = mem.mapcount(pfn) + 1;
        mem.setMapcount(pfn, mapcount);
        if (mapcount == 1) {
            node.modStat(NodeStat.NR_FILE_MAPPED, 1);
        }
        trace.point(RmapEvents.FOLIO_ADD_FILE_RMAP_PTE, pfn, vma.id(), address, mapcount);
    }

    /** folio_remove_rmap_pte: one PTE fewer; the last one takes the folio out of the mapped counters. */
    public void removePte(int pfn) {
        int mapcount = mem.mapcount(pfn) - 1;
        mem.setMapcount(pfn, mapcount);
        if (mapcount == 0) {
            node.modStat(mem.isAnon(pfn) ? NodeStat.NR_ANON_MAPPED : NodeStat.NR_FILE_MAPPED, -1);
        }
        trace.point(RmapEvents.FOLIO_REMOVE_RMAP_PTE, pfn, mapcount);
    }

    /** folio_move_anon_rmap: a folio reused by one VMA alone moves to that VMA's anon_vma. */
    public void moveAnon(int pfn, Vma vma) {
        mem.setMapping(pfn, anonMapping(vma.anonVma()));
        trace.point(RmapEvents.FOLIO_MOVE_ANON_RMAP, pfn, vma.anonVma());
    }
}

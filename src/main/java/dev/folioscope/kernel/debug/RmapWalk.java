package dev.folioscope.kernel.debug;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.rmap.Rmap;
import dev.folioscope.kernel.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * mm/rmap.c: rmap_walk_anon, read-only: the PTEs that map an anonymous folio, found as the kernel
 * finds them — through its anon_vma's VMAs, and in each the address its index gives
 * (vma_address) — for the folio inspector and for the invariant that the rmap finds exactly the
 * PTEs that map the folio.
 */
public final class RmapWalk {
    /** One PTE mapping the folio: the process, the address and the VMA. */
    public record Mapping(int pid, long address, Vma vma) {
    }

    private RmapWalk() {
    }

    /** The mappings of {@code pfn}, if it is an anonymous folio (none for the zero page or a file page). */
    public static List<Mapping> anon(Kernel k, int pfn) {
        MemMap mem = k.mem();
        List<Mapping> out = new ArrayList<>();
        if (!mem.isAnon(pfn) || pfn == k.zeroPfn()) {
            return out;
        }
        for (int id : k.anonVmas().vmasOf(Rmap.anonVmaOf(mem.mapping(pfn)))) {
            Task t = k.tasks().ownerOfVma(id);
            if (t == null || t.mm().pgd() < 0 || !k.pgtables().isTable((int) t.mm().pgd())) {
                continue;
            }
            Vma v = t.mm().vmaById(id);
            long addr = v.start() + ((mem.index(pfn) - v.pgoff()) << 12);
            if (!v.contains(addr)) {
                continue;
            }
            PageTables.Walk w = new PageTables(k.pgtables(), t.mm().la57(), null).walk((int) t.mm().pgd(), addr);
            if (w.pte() == null) {
                continue;
            }
            long e = w.steps().getLast().entry();
            if (Pte.isPresent(e) && Pte.pfn(e) == pfn) {
                out.add(new Mapping(t.pid(), addr, v));
            }
        }
        return out;
    }
}

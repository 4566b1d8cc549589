package dev.folioscope.kernel.debug;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.rmap.Rmap;
import dev.folioscope.kernel.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * mm/rmap.c: rmap_walk, read-only: the PTEs that map a folio, found as the kernel finds them —
 * through its anon_vma's VMAs (rmap_walk_anon) or its file's mappings (rmap_walk_file), and in
 * each VMA the address its index gives (vma_address) — for the folio inspector and for the
 * invariant that the rmap finds exactly the PTEs that map the folio.
 *
 * <p>The kernel keeps a file's mappings in an interval tree (i_mmap); the model finds them by
 * looking through the live processes' VMAs for those of the file whose offsets cover the index.
 */
public final class RmapWalk {
    /** One PTE mapping the folio: the process, the address and the VMA. */
    public record Mapping(int pid, long address, Vma vma) {
    }

    private RmapWalk() {
    }

    /** The mappings of folio {@code pfn}: none for the zero page or a page no mapping names. */
    public static List<Mapping> of(Kernel k, int pfn) {
        MemMap mem = k.mem();
        List<Mapping> out = new ArrayList<>();
        if (pfn == k.zeroPfn() || mem.mapping(pfn) == 0) {
            return out;
        }
        if (mem.isAnon(pfn)) {
            for (int id : k.anonVmas().vmasOf(Rmap.anonVmaOf(mem.mapping(pfn)))) {
                Task t = k.tasks().ownerOfVma(id);
                if (t != null) {
                    addIfMapped(k, t, t.mm().vmaById(id), pfn, out);
                }
            }
            return out;
        }
        int ino = Filemap.inodeOf(mem, pfn);
        for (Task t : k.tasks().alive()) {
            for (Vma v : t.mm().vmas()) {
                if (v.file() == ino) {
                    addIfMapped(k, t, v, pfn, out);
                }
            }
        }
        return out;
    }

    /** vma_address, then the PTE there: a mapping if it maps {@code pfn}. */
    private static void addIfMapped(Kernel k, Task t, Vma v, int pfn, List<Mapping> out) {
        if (t.mm().pgd() < 0 || !k.pgtables().isTable((int) t.mm().pgd())) {
            return;
        }
        long addr = v.start() + ((k.mem().index(pfn) - v.pgoff()) << 12);
        if (!v.contains(addr)) {
            return;
        }
        PageTables.Walk w = new PageTables(k.pgtables(), t.mm().la57(), null).walk((int) t.mm().pgd(), addr);
        if (w.pte() == null) {
            return;
        }
        long e = w.steps().getLast().entry();
        if (Pte.isPresent(e) && Pte.pfn(e) == pfn) {
            out.add(new Mapping(t.pid(), addr, v));
        }
    }
}

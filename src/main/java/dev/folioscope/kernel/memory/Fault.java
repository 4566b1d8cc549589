package dev.folioscope.kernel.memory;

import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MemoryEvents;

/**
 * User memory accesses and the page faults they take (arch/x86/mm/fault.c, mm/memory.c): an
 * access the PTE allows only sets the accessed and dirty bits, as the MMU does; any other goes
 * through handle_mm_fault, which maps the zero page or a new folio into an untouched anonymous
 * page (do_anonymous_page), and reuses or copies a write-protected one (do_wp_page).
 *
 * <p>Anonymous memory only: a file or shared mapping's fault is not modelled yet and fails as
 * SIGBUS.
 */
public final class Fault {
    /** include/linux/mm_types.h: vm_fault_t bits. */
    public static final int VM_FAULT_OOM = 0x1;
    public static final int VM_FAULT_SIGBUS = 0x2;
    /** vma_alloc_zeroed_movable_folio's gfp. */
    private static final int GFP_ZEROED_USER = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO;

    private final Memory m;

    public Fault(Memory memory) {
        this.m = memory;
    }

    /**
     * A user load or store at {@code address} (do_user_addr_fault): a VMA must contain it and
     * allow it; the PTE decides whether it faults.
     *
     * @return 0, or -EFAULT where the task would get SIGSEGV (no VMA, or one that forbids the
     *     access) or SIGBUS, or -ENOMEM when the fault ran out of memory
     */
    public long access(Mm mm, long address, boolean write) {
        Vma vma = mm.findVma(address);
        if (vma == null || vma.start() > address || accessError(vma, write)) {
            return -Errno.EFAULT;
        }
        PageTables.Walk walk = m.pageTables(mm).walk((int) mm.pgd(), address);
        if (walk.pte() != null) {
            long pte = m.store.get(walk.pte().table(), walk.pte().index());
            if (Pte.isPresent(pte) && (!write || Pte.write(pte))) {
                long updated = write ? Pte.mkdirty(Pte.mkyoung(pte)) : Pte.mkyoung(pte);
                m.store.set(walk.pte().table(), walk.pte().index(), updated);
                m.trace.point(MemoryEvents.USER_ACCESS, address, write ? 1 : 0, pte, updated);
                return 0;
            }
        }
        int fault = handleMmFault(mm, vma, address, write);
        if ((fault & VM_FAULT_OOM) != 0) {
            return -Errno.ENOMEM;
        }
        return fault == 0 ? 0 : -Errno.EFAULT;
    }

    /** access_error: a write needs VM_WRITE, any access some of VM_READ, VM_WRITE, VM_EXEC. */
    private static boolean accessError(Vma vma, boolean write) {
        if (write) {
            return (vma.flags() & VmFlags.VM_WRITE) == 0;
        }
        return (vma.flags() & VmFlags.VM_ACCESS_FLAGS) == 0;
    }

    /**
     * handle_mm_fault → __handle_mm_fault → handle_pte_fault for an address inside {@code vma}.
     *
     * @return 0 or VM_FAULT_* bits
     */
    public int handleMmFault(Mm mm, Vma vma, long address, boolean write) {
        m.trace.enter(MemoryEvents.HANDLE_MM_FAULT, address, write ? 1 : 0, vma.id());
        int ret = handlePteFault(mm, vma, address, write);
        m.trace.exit(ret);
        return ret;
    }

    private int handlePteFault(Mm mm, Vma vma, long address, boolean write) {
        PageTables.PteSlot slot = m.pageTables(mm).pteAlloc((int) mm.pgd(), address);
        if (slot == null) {
            return VM_FAULT_OOM;
        }
        long pte = m.store.get(slot.table(), slot.index());
        if (Pte.isNone(pte)) {
            if (!vma.isAnonymous() || (vma.flags() & VmFlags.VM_SHARED) != 0) {
                return VM_FAULT_SIGBUS;
            }
            return doAnonymousPage(mm, vma, address, write, slot);
        }
        if (!Pte.isPresent(pte)) {
            return VM_FAULT_SIGBUS;
        }
        if (write && !Pte.write(pte)) {
            return doWpPage(mm, vma, address, slot, pte);
        }
        long entry = Pte.mkyoung(write ? Pte.mkdirty(pte) : pte);
        if (entry != pte) {
            m.setPte(mm, address, slot, entry);
        }
        return 0;
    }

    /**
     * do_anonymous_page: a read maps the shared zero page read-only (special: no folio behind
     * it, no RSS); a write gets a new zeroed folio, exclusive to this VMA, mapped writable and
     * dirty, queued for the LRU.
     */
    private int doAnonymousPage(Mm mm, Vma vma, long address, boolean write, PageTables.PteSlot slot) {
        m.trace.enter(MemoryEvents.DO_ANONYMOUS_PAGE, address, write ? 1 : 0);
        if (!write) {
            m.setPte(mm, address, slot, Pte.mkspecial(Pte.mk(m.zeroPfn, Memory.pageProt(vma))));
            m.trace.exit(m.zeroPfn);
            return 0;
        }
        vma = m.anonVmaPrepare(mm, vma);
        int folio = m.pageAlloc.allocPages(GFP_ZEROED_USER, 0);
        if (folio < 0) {
            m.trace.exit(-1);
            return VM_FAULT_OOM;
        }
        m.mem.setFlag(folio, PageFlag.PG_uptodate);
        long entry = Pte.mk(folio, Memory.pageProt(vma));
        if ((vma.flags() & VmFlags.VM_WRITE) != 0) {
            entry = Pte.mkwrite(Pte.mkdirty(entry));
        }
        mm.addRss(Mm.MM_ANONPAGES, 1);
        m.rmap.addNewAnon(folio, vma, address, true);
        m.folioAddLruVma(folio, vma);
        m.setPte(mm, address, slot, entry);
        m.trace.exit(folio);
        return 0;
    }

    /**
     * do_wp_page: a write to a write-protected PTE of a private mapping. An anonymous folio this
     * process alone maps (PG_anon_exclusive, or found to be by wp_can_reuse_anon_folio) is reused;
     * anything else — a shared folio, the zero page — is copied (wp_page_copy).
     */
    private int doWpPage(Mm mm, Vma vma, long address, PageTables.PteSlot slot, long pte) {
        int folio = Memory.normalPage(pte);
        m.trace.enter(MemoryEvents.DO_WP_PAGE, address, folio);
        if ((vma.flags() & (VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE)) != 0
                || folio >= 0 && m.mem.isAnon(folio)
                        && (m.mem.test(folio, PageFlag.PG_anon_exclusive) || canReuseAnonFolio(folio, vma))) {
            if (folio >= 0 && !m.mem.test(folio, PageFlag.PG_anon_exclusive)) {
                m.mem.setFlag(folio, PageFlag.PG_anon_exclusive);
            }
            m.trace.point(MemoryEvents.WP_PAGE_REUSE, address, folio);
            m.setPte(mm, address, slot, Memory.maybeMkwrite(Pte.mkdirty(Pte.mkyoung(pte)), vma));
            m.trace.exit(folio);
            return 0;
        }
        if (folio >= 0) {
            m.swap.folioGet(folio);
        }
        int copy = wpPageCopy(mm, vma, address, slot, pte, folio);
        m.trace.exit(copy);
        return copy < 0 ? VM_FAULT_OOM : 0;
    }

    /**
     * wp_can_reuse_anon_folio: only if no one else holds a reference. A folio still waiting in an
     * LRU batch is counted there too, so the running CPU's batches are drained first.
     */
    private boolean canReuseAnonFolio(int folio, Vma vma) {
        if (m.mem.refcount(folio) > 3) {
            return false;
        }
        if (!m.mem.test(folio, PageFlag.PG_lru)) {
            m.swap.lruAddDrain();
        }
        if (m.mem.refcount(folio) != 1) {
            return false;
        }
        m.rmap.moveAnon(folio, vma);
        return true;
    }

    /**
     * wp_page_copy: a new folio (zeroed when copying the zero page) takes the old page's place
     * in this PTE, exclusive and writable; the old folio loses this mapping and the reference
     * do_wp_page took.
     *
     * @return the new folio, or -1 when out of memory
     */
    private int wpPageCopy(Mm mm, Vma vma, long address, PageTables.PteSlot slot, long pte, int old) {
        m.trace.enter(MemoryEvents.WP_PAGE_COPY, address, old);
        vma = m.anonVmaPrepare(mm, vma);
        int folio = m.pageAlloc.allocPages(old < 0 ? GFP_ZEROED_USER : Gfp.GFP_HIGHUSER_MOVABLE, 0);
        if (folio < 0) {
            if (old >= 0) {
                m.swap.folioPut(old);
            }
            m.trace.exit(-1);
            return -1;
        }
        m.mem.setFlag(folio, PageFlag.PG_uptodate);
        if (old < 0) {
            mm.addRss(Mm.MM_ANONPAGES, 1);
        } else if (!m.mem.isAnon(old)) {
            mm.addRss(Mm.MM_FILEPAGES, -1);
            mm.addRss(Mm.MM_ANONPAGES, 1);
        }
        long entry = Memory.maybeMkwrite(Pte.mkdirty(Pte.mk(folio, Memory.pageProt(vma))), vma);
        m.setPte(mm, address, slot, 0);
        m.flushTlbRange(mm, address, address + 4096);
        m.rmap.addNewAnon(folio, vma, address, true);
        m.folioAddLruVma(folio, vma);
        m.setPte(mm, address, slot, entry);
        if (old >= 0) {
            m.rmap.removePte(old);
            m.swap.folioPut(old);
            m.swap.folioPut(old);
        }
        m.trace.exit(folio);
        return folio;
    }

    /**
     * __get_user_pages for MAP_POPULATE, MAP_LOCKED and mlock: faults in each page of [start, end)
     * that is not mapped as needed, a write when {@code write}, and marks it referenced as
     * FOLL_TOUCH does.
     *
     * @return the pages done, or a negative errno
     */
    public long populate(Mm mm, Vma vma, long start, long end, boolean write) {
        long done = 0;
        for (long addr = start; addr < end; addr += 4096) {
            Vma current = mm.findVma(addr);
            PageTables.Walk walk = m.pageTables(mm).walk((int) mm.pgd(), addr);
            long pte = walk.pte() == null ? 0 : m.store.get(walk.pte().table(), walk.pte().index());
            if (!Pte.isPresent(pte) || write && !Pte.write(pte)) {
                int fault = handleMmFault(mm, current, addr, write);
                if ((fault & VM_FAULT_OOM) != 0) {
                    return done > 0 ? done : -Errno.ENOMEM;
                }
                if (fault != 0) {
                    return done > 0 ? done : -Errno.EFAULT;
                }
                walk = m.pageTables(mm).walk((int) mm.pgd(), addr);
                pte = m.store.get(walk.pte().table(), walk.pte().index());
            }
            int folio = Memory.normalPage(pte);
            if (folio >= 0) {
                m.mem.setFlag(folio, PageFlag.PG_referenced);
            }
            done++;
        }
        return done;
    }
}

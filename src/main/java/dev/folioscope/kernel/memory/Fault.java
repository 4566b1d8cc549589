package dev.folioscope.kernel.memory;

import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.filemap.Inode;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.rmap.Rmap;
import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MemoryEvents;
import dev.folioscope.kernel.trace.SwapfileEvents;

/**
 * User memory accesses and the page faults they take (arch/x86/mm/fault.c, mm/memory.c): an
 * access the PTE allows only sets the accessed and dirty bits, as the MMU does; any other goes
 * through handle_mm_fault, which maps the zero page or a new folio into an untouched anonymous
 * page (do_anonymous_page), maps a file's page from the page cache (do_read_fault with
 * fault-around, do_cow_fault, do_shared_fault), and reuses, copies or dirties a write-protected
 * one (do_wp_page).
 *
 * <p>A fault whose page had to be read from disk is retried, as the kernel retries it after
 * filemap_fault dropped the mmap lock for the read.
 */
public final class Fault {
    /** include/linux/mm_types.h: vm_fault_t bits. */
    public static final int VM_FAULT_OOM = 0x1;
    public static final int VM_FAULT_SIGBUS = 0x2;
    public static final int VM_FAULT_MAJOR = 0x4;
    public static final int VM_FAULT_NOPAGE = 0x100;
    public static final int VM_FAULT_RETRY = 0x400;
    /** fault_around_bytes' default, 64 KiB, in pages (fault_around_pages). */
    public static final int FAULT_AROUND_PAGES = 16;
    private static final int PTRS_PER_PTE = 512;
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
        PageTables.PteSlot slot = m.pageTables(mm).followPte((int) mm.pgd(), address);
        if (slot != null) {
            long pte = m.store.get(slot.table(), slot.index());
            if (Pte.isPresent(pte) && (!write || Pte.write(pte))) {
                long updated = write ? Pte.mkdirty(Pte.mkyoung(pte)) : Pte.mkyoung(pte);
                m.store.set(slot.table(), slot.index(), updated);
                m.trace.point(MemoryEvents.USER_ACCESS, address, write ? 1 : 0, pte, updated);
                return 0;
            }
        }
        int fault = handleMmFaultRetrying(mm, vma, address, write);
        if ((fault & VM_FAULT_OOM) != 0) {
            return -Errno.ENOMEM;
        }
        return (fault & ~(VM_FAULT_NOPAGE | VM_FAULT_MAJOR)) == 0 ? 0 : -Errno.EFAULT;
    }

    /**
     * handle_mm_fault, again as long as it returns VM_FAULT_RETRY, the VMA looked up again each
     * time, as do_user_addr_fault does after retaking the mmap lock: the retry is
     * FAULT_FLAG_TRIED after a major fault (a page read from disk) and from the third attempt on.
     */
    private int handleMmFaultRetrying(Mm mm, Vma vma, long address, boolean write) {
        int fault = handleMmFault(mm, vma, address, write, false);
        for (int attempt = 2; (fault & VM_FAULT_RETRY) != 0; attempt++) {
            Vma again = mm.findVma(address);
            if (again == null || again.start() > address) {
                return VM_FAULT_SIGBUS;
            }
            fault = handleMmFault(mm, again, address, write, attempt > 2 || (fault & VM_FAULT_MAJOR) != 0);
        }
        return fault;
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
    private int handleMmFault(Mm mm, Vma vma, long address, boolean write, boolean tried) {
        // mm_account_fault counts every fault, failed ones too, at its end, except a call returning
        // VM_FAULT_RETRY, whose retry counts instead: one per access, counted here on entry, where an event shows it.
        m.node.countVmEvents(VmEvent.PGFAULT, tried ? 0 : 1);
        m.trace.enter(MemoryEvents.HANDLE_MM_FAULT, address, write ? 1 : 0, vma.id());
        int ret = handlePteFault(mm, vma, address, write, tried);
        m.trace.exit(ret);
        return ret;
    }

    private int handlePteFault(Mm mm, Vma vma, long address, boolean write, boolean tried) {
        PageTables.PteSlot slot = m.pageTables(mm).pteAlloc((int) mm.pgd(), address);
        if (slot == null) {
            return VM_FAULT_OOM;
        }
        long pte = m.store.get(slot.table(), slot.index());
        if (Pte.isNone(pte)) {
            if (vma.isAnonymous()) {
                return doAnonymousPage(mm, vma, address, write, slot);
            }
            return doFault(mm, vma, address, write, slot, tried);
        }
        if (Pte.isSwap(pte) && !Pte.isProtnone(pte)) {
            return doSwapPage(mm, vma, address, write, slot, pte);
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
            m.setPte(mm, address, slot, Pte.mkspecial(Pte.mk(m.zeroPfn, m.vmPageProt(vma))));
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
        long entry = Pte.mk(folio, m.vmPageProt(vma));
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
     * do_swap_page: the folio of the PTE's swap slot, from the swap cache (swap_update_readahead
     * counting a hit on a folio read ahead) or read back from swap with the pages around it (a
     * major fault: swapin_readahead); a write fault on a swap-cache folio
     * waiting in an LRU batch drains this CPU's batches first. The slot loses this PTE's
     * reference; the swap cache lets go of the folio if swap is half full, the VMA is mlocked, or
     * on a write fault when no one else holds the folio (should_try_to_free_swap). The PTE maps it
     * again, writable (and dirty on a write) when the swap entry was exclusive or no one else
     * holds the folio; a write to a shared one then goes through do_wp_page.
     */
    private int doSwapPage(Mm mm, Vma vma, long address, boolean write, PageTables.PteSlot slot, long pte) {
        int offset = (int) Pte.swpOffset(pte);
        boolean exclusive = Pte.swpExclusive(pte);
        m.trace.enter(SwapfileEvents.DO_SWAP_PAGE, address, Pte.swpType(pte), offset, exclusive ? 1 : 0);
        int ret = 0;
        // swap_cache_get_folio, or swapin_readahead → __read_swap_cache_async + swap_read_folio
        int folio = m.swapState.info().cachedFolio(offset);
        if (folio >= 0) {
            m.swap.folioGet(folio);
            m.swapState.swapUpdateReadahead(folio, vma.id(), address);
            if (write && !m.mem.test(folio, PageFlag.PG_lru)) {
                // A reference an LRU batch holds would keep should_try_to_free_swap from freeing the slot.
                m.swap.lruAddDrain();
            }
        } else {
            folio = swapVmaReadahead(vma, address, offset, slot);
            if (folio < 0) {
                m.trace.exit(VM_FAULT_OOM);
                return VM_FAULT_OOM;
            }
            ret = VM_FAULT_MAJOR;
            m.node.countVmEvents(VmEvent.PGMAJFAULT, 1);
        }
        mm.addRss(Mm.MM_ANONPAGES, 1);
        mm.addRss(Mm.MM_SWAPENTS, -1);
        m.swapState.swapFree(offset);
        if (shouldTryToFreeSwap(folio, vma, write)) {
            m.swapState.folioFreeSwap(folio);
        }
        long entry = Pte.mk(folio, m.vmPageProt(vma));
        if (Pte.swpSoftDirty(pte)) {
            entry = Pte.mksoftDirty(entry);
        }
        boolean mapExclusive = exclusive || m.mem.refcount(folio) == 1;
        if (mapExclusive && (vma.flags() & VmFlags.VM_WRITE) != 0) {
            entry = Pte.mkwrite(entry);
            if (write) {
                entry = Pte.mkdirty(entry);
                write = false;
            }
        }
        if (!m.mem.isAnon(folio)) {
            m.rmap.addNewAnon(folio, vma, address, mapExclusive);
        } else {
            m.rmap.addAnonPte(folio, vma, address, mapExclusive);
        }
        m.setPte(mm, address, slot, entry);
        if (write) {
            ret |= doWpPage(mm, vma, address, slot, entry);
        }
        m.trace.exit(folio);
        return ret;
    }

    /**
     * swapin_readahead → swap_vma_readahead (the policy for a swap file on a solid-state disk:
     * enable_vma_readahead, no rotating swap device): each swap PTE of the window whose slot has no
     * folio in the swap cache gets a new folio, in the swap cache and the lru_add batch, read at
     * once; the ones other than the fault's are marked PG_readahead (swap_ra). The batch is
     * drained, then the fault's folio is taken from the swap cache, or read alone if the window
     * was one page or its allocation failed.
     *
     * @return the fault's folio, with a reference for the fault; -1 if no memory
     */
    private int swapVmaReadahead(Vma vma, long address, int offset, PageTables.PteSlot slot) {
        // mm/swap_state.c: swap_vma_readahead
        long faddr = address & -Mman.PAGE_SIZE;
        long[] win = m.swapState.swapVmaRaWin(vma.id(), faddr, vma.start(), vma.end());
        if (win[0] > 1) {
            m.trace.enter(SwapfileEvents.SWAP_VMA_READAHEAD, faddr, win[0], win[1], win[2]);
            int read = 0;
            for (long addr = win[1]; addr < win[2]; addr += Mman.PAGE_SIZE) {
                // the window lies in the fault's page table
                long pte = m.store.get(slot.table(), slot.index() + (int) ((addr - faddr) >> Mman.PAGE_SHIFT));
                if (!Pte.isSwap(pte) || Pte.isProtnone(pte)
                        || m.swapState.info().cachedFolio((int) Pte.swpOffset(pte)) >= 0) {
                    continue;
                }
                int f = readSwapCacheAsync((int) Pte.swpOffset(pte), addr != faddr);
                if (f >= 0) {
                    m.swap.folioPut(f);
                    read++;
                }
            }
            m.swap.lruAddDrain();
            m.trace.exit(read);
        }
        int folio = m.swapState.info().cachedFolio(offset);
        if (folio >= 0) {
            m.swap.folioGet(folio);
            return folio;
        }
        return readSwapCacheAsync(offset, false);
    }

    /**
     * __read_swap_cache_async then swap_read_folio for a slot with no folio in the swap cache: a
     * new folio (PG_readahead if it is read ahead, counted in swap_ra) enters the swap cache and
     * this CPU's lru_add batch and is read.
     *
     * @return the folio, with the allocation's reference; -1 if no memory
     */
    private int readSwapCacheAsync(int offset, boolean readahead) {
        int folio = m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        if (folio < 0) {
            return -1;
        }
        if (readahead) {
            m.mem.setFlag(folio, PageFlag.PG_readahead);
            m.node.countVmEvents(VmEvent.SWAP_RA, 1);
        }
        m.swapState.swapIn(folio, offset);
        m.swap.folioAddLru(folio);
        return folio;
    }

    /**
     * should_try_to_free_swap: a folio in the swap cache is worth taking out of it when swap is
     * half full (vm_swap_full, without memory cgroups), the VMA or folio is mlocked, or a write
     * fault holds the only reference besides the cache's.
     */
    private boolean shouldTryToFreeSwap(int folio, Vma vma, boolean write) {
        if (!m.mem.test(folio, PageFlag.PG_swapcache)) {
            return false;
        }
        if (m.swapState.info().vmSwapFull() || (vma.flags() & VmFlags.VM_LOCKED) != 0
                || m.mem.test(folio, PageFlag.PG_mlocked)) {
            return true;
        }
        return write && m.mem.refcount(folio) == 2;
    }

    /**
     * do_wp_page: a write to a write-protected PTE of a private mapping. An anonymous folio this
     * process alone maps (PG_anon_exclusive, or found to be by wp_can_reuse_anon_folio) is reused;
     * anything else — a shared folio, the zero page — is copied (wp_page_copy).
     */
    private int doWpPage(Mm mm, Vma vma, long address, PageTables.PteSlot slot, long pte) {
        int folio = Memory.normalPage(pte);
        m.trace.enter(MemoryEvents.DO_WP_PAGE, address, folio);
        if ((vma.flags() & (VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE)) != 0 && folio >= 0) {
            wpPageShared(mm, vma, address, slot, pte, folio);
            m.trace.exit(folio);
            return 0;
        }
        if ((vma.flags() & (VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE)) != 0
                || folio >= 0 && m.mem.isAnon(folio)
                        && (m.mem.test(folio, PageFlag.PG_anon_exclusive) || canReuseAnonFolio(folio, vma))) {
            if (folio >= 0 && !m.mem.test(folio, PageFlag.PG_anon_exclusive)) {
                m.mem.setFlag(folio, PageFlag.PG_anon_exclusive);
            }
            m.node.countVmEvents(VmEvent.PGREUSE, 1); // wp_page_reuse
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
     * LRU batch is counted there too, so the running CPU's batches are drained first; one in the
     * swap cache leaves it if it can (folio_free_swap), the cache's reference with it.
     */
    private boolean canReuseAnonFolio(int folio, Vma vma) {
        int swapcache = m.mem.test(folio, PageFlag.PG_swapcache) ? 1 : 0;
        if (m.mem.refcount(folio) > 3 + swapcache) {
            return false;
        }
        if (!m.mem.test(folio, PageFlag.PG_lru)) {
            m.swap.lruAddDrain();
        }
        if (m.mem.refcount(folio) > 1 + swapcache) {
            return false;
        }
        if (swapcache == 1) {
            m.swapState.folioFreeSwap(folio);
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
            mm.addRss(Rmap.mmCounter(m.mem, old), -1);
            mm.addRss(Mm.MM_ANONPAGES, 1);
        }
        long entry = Memory.maybeMkwrite(Pte.mkdirty(Pte.mk(folio, m.vmPageProt(vma))), vma);
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
     * wp_page_shared: the first write through a read-only PTE of a shared mapping. The
     * filesystem is told (page_mkwrite: a regular file's folio gets buffers and is dirtied; shmem
     * has no such hook), then the PTE is made writable and dirty in place (wp_page_reuse) and the
     * folio dirtied (fault_dirty_shared_page).
     */
    private void wpPageShared(Mm mm, Vma vma, long address, PageTables.PteSlot slot, long pte, int folio) {
        m.trace.enter(MemoryEvents.WP_PAGE_SHARED, address, folio);
        if (!m.mem.test(folio, PageFlag.PG_swapbacked)) {
            m.filemap.pageMkwrite(folio);
        }
        m.node.countVmEvents(VmEvent.PGREUSE, 1); // wp_page_reuse, from finish_mkwrite_fault or directly
        m.setPte(mm, address, slot, Memory.maybeMkwrite(Pte.mkdirty(Pte.mkyoung(pte)), vma));
        m.filemap.folioMarkDirty(folio);
        m.trace.exit(folio);
    }

    /**
     * do_fault: the first touch of a page of a file (or shmem) mapping — a read maps the page
     * cache's folio (do_read_fault), a write to a private mapping a copy of it (do_cow_fault), a
     * write to a shared one the folio itself, dirtied (do_shared_fault).
     */
    private int doFault(Mm mm, Vma vma, long address, boolean write, PageTables.PteSlot slot, boolean tried) {
        if (!write) {
            return doReadFault(mm, vma, address, slot, tried);
        }
        if ((vma.flags() & VmFlags.VM_SHARED) == 0) {
            return doCowFault(mm, vma, address, slot, tried);
        }
        return doSharedFault(mm, vma, address, slot, tried);
    }

    /** do_read_fault: fault-around first; if that did not map this page, the file's fault handler. */
    private int doReadFault(Mm mm, Vma vma, long address, PageTables.PteSlot slot, boolean tried) {
        Inode inode = m.filemap.cache().get(vma.file());
        long pgoff = vma.pgoffAt(address);
        m.trace.enter(MemoryEvents.DO_READ_FAULT, address, inode.ino(), pgoff);
        if (doFaultAround(mm, vma, inode, address, slot)) {
            m.trace.exit(Pte.pfn(m.store.get(slot.table(), slot.index())));
            return VM_FAULT_NOPAGE;
        }
        int folio = doFaultHandler(vma, inode, pgoff, tried);
        if (folio < 0) {
            m.trace.exit(-1);
            return faultError(folio);
        }
        setPteRange(mm, vma, address, slot, folio, false);
        m.trace.exit(folio);
        return 0;
    }

    /**
     * do_cow_fault: a new anonymous folio gets a copy of the file's page and is mapped writable
     * in its place; the page cache's folio is not mapped.
     */
    private int doCowFault(Mm mm, Vma vma, long address, PageTables.PteSlot slot, boolean tried) {
        Inode inode = m.filemap.cache().get(vma.file());
        long pgoff = vma.pgoffAt(address);
        m.trace.enter(MemoryEvents.DO_COW_FAULT, address, inode.ino(), pgoff);
        vma = m.anonVmaPrepare(mm, vma);
        int copy = m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        if (copy < 0) {
            m.trace.exit(-1);
            return VM_FAULT_OOM;
        }
        int folio = doFaultHandler(vma, inode, pgoff, tried);
        if (folio < 0) {
            m.swap.folioPut(copy);
            m.trace.exit(-1);
            return faultError(folio);
        }
        m.mem.setFlag(copy, PageFlag.PG_uptodate);
        setPteRange(mm, vma, address, slot, copy, true);
        m.swap.folioPut(folio);
        m.trace.exit(copy);
        return 0;
    }

    /** do_shared_fault: the page cache's folio, told of the write (page_mkwrite), mapped writable and dirtied. */
    private int doSharedFault(Mm mm, Vma vma, long address, PageTables.PteSlot slot, boolean tried) {
        Inode inode = m.filemap.cache().get(vma.file());
        long pgoff = vma.pgoffAt(address);
        m.trace.enter(MemoryEvents.DO_SHARED_FAULT, address, inode.ino(), pgoff);
        int folio = doFaultHandler(vma, inode, pgoff, tried);
        if (folio < 0) {
            m.trace.exit(-1);
            return faultError(folio);
        }
        if (!inode.shmem()) {
            m.filemap.pageMkwrite(folio);
        }
        setPteRange(mm, vma, address, slot, folio, true);
        m.filemap.folioMarkDirty(folio);
        m.trace.exit(folio);
        return 0;
    }

    /** __do_fault → vm_ops->fault: shmem_fault or filemap_fault. */
    private int doFaultHandler(Vma vma, Inode inode, long pgoff, boolean tried) {
        if (inode.shmem()) {
            return pgoff >= inode.sizePages() ? Filemap.SIGBUS : m.filemap.shmemGetFolio(inode, pgoff);
        }
        return m.filemap.filemapFault(inode, pgoff, vma.flags(), vma.pgoff(), vma.pgoff() + vma.pages(), tried);
    }

    private static int faultError(int filemapResult) {
        return switch (filemapResult) {
            case Filemap.RETRY -> VM_FAULT_RETRY;
            case Filemap.RETRY_MAJOR -> VM_FAULT_RETRY | VM_FAULT_MAJOR;
            case Filemap.OOM -> VM_FAULT_OOM;
            default -> VM_FAULT_SIGBUS;
        };
    }

    /**
     * do_fault_around → filemap_map_pages: the fault_around_pages-aligned block around the
     * address, clamped to the VMA, its PTE table and the file's end; each page with an up-to-date
     * folio in the cache (not one marked PG_readahead) and no PTE is mapped.
     *
     * @return whether the faulting address itself got mapped
     */
    private boolean doFaultAround(Mm mm, Vma vma, Inode inode, long address, PageTables.PteSlot slot) {
        long pteOff = (address >>> 12) & (PTRS_PER_PTE - 1);
        long vmaOff = (address - vma.start()) >>> 12;
        long fromPte = Math.max(pteOff & -FAULT_AROUND_PAGES, pteOff - Math.min(pteOff, vmaOff));
        long toPte = Math.min(Math.min(fromPte + FAULT_AROUND_PAGES, PTRS_PER_PTE), pteOff + vma.pages() - vmaOff) - 1;
        long pgoff = vma.pgoffAt(address);
        long start = pgoff + fromPte - pteOff;
        long end = Math.min(pgoff + toPte - pteOff, inode.sizePages() - 1);
        m.trace.enter(MemoryEvents.DO_FAULT_AROUND, address, start, end);
        int hits = 0;
        for (long index = start; index <= end; index++) {
            if (mappable(inode, index)) {
                hits++;
            }
        }
        // filemap_map_pages lowers mmap_miss by the folios it finds, at its end; done first here,
        // so that the mappings below are this call's last changes
        m.filemap.mapPagesHits(inode, hits);
        int mapped = 0;
        boolean self = false;
        for (long index = start; index <= end; index++) {
            if (!mappable(inode, index)) {
                continue;
            }
            int folio = inode.folio(index);
            long addr = vma.start() + ((index - vma.pgoff()) << 12);
            PageTables.PteSlot to = new PageTables.PteSlot(slot.table(), (int) ((addr >>> 12) & (PTRS_PER_PTE - 1)));
            if (!Pte.isNone(m.store.get(to.table(), to.index()))) {
                continue;
            }
            m.swap.folioGet(folio);
            setPteRange(mm, vma, addr, to, folio, false);
            mapped++;
            self |= addr == (address & -4096L);
        }
        m.trace.exit(mapped);
        return self;
    }

    /** next_uptodate_folio: a cached folio that is up to date and not where readahead must start. */
    private boolean mappable(Inode inode, long index) {
        int folio = inode.folio(index);
        return folio != Inode.NONE && m.mem.test(folio, PageFlag.PG_uptodate)
                && !m.mem.test(folio, PageFlag.PG_readahead);
    }

    /**
     * set_pte_range for one page (the caller's reference becomes the PTE's): young, as x86's
     * protections make every new PTE; dirty and writable for a write, dirty for a writable
     * mapping of a dirty folio; a write to a private mapping maps a new anonymous folio, anything
     * else a file folio, counted in the mm's file or shmem pages and mlocked in a VM_LOCKED VMA.
     */
    private void setPteRange(Mm mm, Vma vma, long address, PageTables.PteSlot slot, int folio, boolean write) {
        long entry = Pte.mk(folio, m.vmPageProt(vma));
        if (write) {
            entry = Memory.maybeMkwrite(Pte.mkdirty(entry), vma);
        } else if (Pte.write(entry) && m.mem.test(folio, PageFlag.PG_dirty)) {
            entry = Pte.mkdirty(entry);
        }
        if (write && (vma.flags() & VmFlags.VM_SHARED) == 0) {
            mm.addRss(Mm.MM_ANONPAGES, 1);
            m.rmap.addNewAnon(folio, vma, address, true);
            m.folioAddLruVma(folio, vma);
        } else {
            mm.addRss(Rmap.mmCounter(m.mem, folio), 1);
            m.rmap.addFolioRmap(folio, vma, address);
            // __folio_add_file_rmap → mlock_vma_folio
            if ((vma.flags() & (VmFlags.VM_LOCKED | VmFlags.VM_SPECIAL)) == VmFlags.VM_LOCKED) {
                m.mlockFolio(folio, true);
            }
        }
        m.setPte(mm, address, slot, entry);
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
            PageTables.PteSlot slot = m.pageTables(mm).followPte((int) mm.pgd(), addr);
            long pte = slot == null ? 0 : m.store.get(slot.table(), slot.index());
            if (!Pte.isPresent(pte) || write && !Pte.write(pte)) {
                int fault = handleMmFaultRetrying(mm, current, addr, write) & ~(VM_FAULT_NOPAGE | VM_FAULT_MAJOR);
                if ((fault & VM_FAULT_OOM) != 0) {
                    return done > 0 ? done : -Errno.ENOMEM;
                }
                if (fault != 0) {
                    return done > 0 ? done : -Errno.EFAULT;
                }
                slot = m.pageTables(mm).followPte((int) mm.pgd(), addr);
                pte = m.store.get(slot.table(), slot.index());
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

package dev.folioscope.kernel.mmap;

import java.util.List;

/**
 * The seam between the VMA layer and the page layer (page tables, faults, rmap, page cache):
 * everything the memory system calls need done to pages, PTEs and anon_vmas, called at the
 * points where the kernel calls it, after the VMA tree is as the kernel has it then. The VMA
 * layer never looks at a page; the page layer never changes a VMA except through
 * {@link Mm#setAnonVma}.
 *
 * <p>Every method receives VMAs as they are at the call (immutable values); a VMA's id stays
 * the same while its range, flags or anon_vma change.
 */
public interface PageRangeOps {
    /** totalram_pages(): managed pages of the machine, for __vm_enough_memory. */
    long totalramPages();

    /** total_swap_pages, for __vm_enough_memory. */
    long totalSwapPages();

    /**
     * mm/memory.c: unmap_single_vma / zap_page_range_single — removes the PTEs of
     * [start, end) inside {@code vma} (rmap, refcounts, RSS, swap entries), leaving the page
     * tables. Called for munmap (each VMA being removed, before {@link #freePgtables}),
     * MAP_FIXED over existing VMAs, and exit.
     */
    void zapRange(Mm mm, Vma vma, long start, long end);

    /**
     * mm/memory.c: free_pgtables — frees the page tables that only the removed {@code vmas}
     * (in address order, already out of the tree) used, never below {@code floor} (the end of
     * the VMA before them, 0 if none) nor at or above {@code ceiling} (the start of the VMA
     * after them, 0 meaning the top: USER_PGTABLES_CEILING). The anon_vma links are dropped by
     * {@link #unlinkAnonVmas} right after.
     */
    void freePgtables(Mm mm, List<Vma> vmas, long floor, long ceiling);

    /**
     * mm/mprotect.c: change_protection — rewrites the PTEs of [start, end) for {@code vma}'s
     * new vm_flags (the VMA passed already has them).
     */
    void changeProtection(Mm mm, Vma vma, long start, long end);

    /**
     * mm/mremap.c: move_page_tables — moves the entries of [oldAddr, oldAddr + len) from
     * {@code oldVma} to [newAddr, ...) of {@code newVma} (both in the tree).
     *
     * @return the bytes moved: {@code len} on success, less if a page table could not be allocated
     */
    long movePageTables(Mm mm, Vma oldVma, long oldAddr, Vma newVma, long newAddr, long len);

    /**
     * mm/gup.c: __get_user_pages on [start, end) of {@code vma}, with write faults (FOLL_WRITE)
     * or read faults (FOLL_FORCE): what MAP_POPULATE, MAP_LOCKED and mlock do.
     *
     * @return the number of pages done, or a negative errno
     */
    long populate(Mm mm, Vma vma, long start, long end, boolean write);

    /**
     * mm/mlock.c: the page walk of mlock_vma_pages_range — mlocks the present pages of
     * [start, end) if {@code vma}'s (new) flags have VM_LOCKED, munlocks them otherwise.
     */
    void mlockRange(Mm mm, Vma vma, long start, long end);

    /**
     * mm/madvise.c: the page-level advice on [start, end) of {@code vma} — MADV_DONTNEED
     * (and _LOCKED), MADV_FREE, MADV_WILLNEED, MADV_COLD, MADV_PAGEOUT; the VMA checks are done.
     *
     * @return 0 or a negative errno
     */
    int madvise(Mm mm, Vma vma, long start, long end, int behavior);

    /**
     * mm/shmem.c: shmem_zero_setup — the shmem object behind a MAP_SHARED|MAP_ANONYMOUS mapping
     * of {@code size} bytes.
     *
     * @return its file id
     */
    int shmemZeroSetup(long size);

    /**
     * mm/rmap.c: anon_vma_clone — {@code dst} (a split piece, a copy for mremap, or a merge
     * target taking over {@code src}'s anon_vma) now links to the anon_vmas of {@code src}; the
     * VMA passed already carries the anon_vma id and chain length.
     */
    default void anonVmaClone(Mm mm, Vma dst, Vma src) {
    }

    /** mm/rmap.c: unlink_anon_vmas — {@code vma} is gone (unmapped or merged away). */
    default void unlinkAnonVmas(Mm mm, Vma vma) {
    }

    /**
     * mm/rmap.c: anon_vma_fork — gives the child's copy {@code childVma} of {@code parentVma}
     * (which has an anon_vma) its own anon_vma, chained to the parent's.
     *
     * @return the child's VMA with its anon_vma id and chain length (parent's chain + 1)
     */
    Vma anonVmaFork(Mm child, Vma childVma, Mm parent, Vma parentVma);

    /**
     * kernel/fork.c: mm_alloc_pgd — gives a new mm (fork's child) its page-table root.
     *
     * @return 0 or -ENOMEM
     */
    int pgdAlloc(Mm mm);

    /** kernel/fork.c: mm_free_pgd — the root of an mm whose tables are all freed. */
    void pgdFree(Mm mm);

    /**
     * mm/memory.c: copy_page_range — copies the page tables of {@code src} into {@code dst} for
     * fork (the VMA layer does not call it for VM_WIPEONFORK VMAs).
     *
     * @return 0 or a negative errno
     */
    int copyPageRange(Mm child, Vma dst, Mm parent, Vma src);
}

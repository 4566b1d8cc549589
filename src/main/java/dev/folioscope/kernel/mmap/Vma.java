package dev.folioscope.kernel.mmap;

import java.util.Objects;

/**
 * struct vm_area_struct, as an immutable value: a change to a VMA (its range, flags, anon_vma)
 * replaces the value in its mm's {@link VmaTree} by one with the same {@link #id()}, as the
 * kernel changes the fields of the same struct. The kernel has only pointers; the model numbers
 * VMAs as it creates them ({@link MmapState#newVmaId()}), and the id is what events carry.
 *
 * @param id this VMA's number; a split gives the new piece a new number and the old one keeps
 *     its own, as __split_vma keeps the original struct
 * @param start vm_start, page aligned
 * @param end vm_end, exclusive, page aligned, above start
 * @param flags vm_flags
 * @param pgoff vm_pgoff in pages: the file offset of {@code start}, or {@code start >> 12} at
 *     creation for a private anonymous VMA
 * @param file the mapped file's id (the page-cache layer owns files, a shmem object included),
 *     or {@link #NO_FILE} for a private anonymous VMA
 * @param anonVma the anon_vma's id (the rmap layer owns anon_vmas), or {@link #NO_ANON_VMA}
 * @param anonVmaChain how many entries the VMA's anon_vma_chain has (0 without an anon_vma; 1
 *     for an anon_vma made by a fault; more after fork): merges need "exactly one"
 * @param anonName the name prctl(PR_SET_VMA_ANON_NAME) gave it, or null; part of merge
 *     compatibility. "[heap]" and "[stack]" are not names: {@link Mm#vmaName} derives them
 */
public record Vma(int id, long start, long end, long flags, long pgoff, int file, int anonVma, int anonVmaChain,
        String anonName) {
    public static final int NO_FILE = -1;
    public static final int NO_ANON_VMA = 0;

    public Vma {
        if (start >= end || Mman.offsetInPage(start) != 0 || Mman.offsetInPage(end) != 0 || start < 0) {
            throw new IllegalArgumentException("vma #" + id + ": bad range 0x" + Long.toHexString(start) + "-0x"
                    + Long.toHexString(end));
        }
        if ((anonVma == NO_ANON_VMA) != (anonVmaChain == 0)) {
            throw new IllegalArgumentException("vma #" + id + ": anon_vma " + anonVma + " with a chain of "
                    + anonVmaChain);
        }
    }

    /** A new VMA with no anon_vma and no name. */
    public static Vma of(int id, long start, long end, long flags, long pgoff, int file) {
        return new Vma(id, start, end, flags, pgoff, file, NO_ANON_VMA, 0, null);
    }

    /** vma_pages. */
    public long pages() {
        return (end - start) >>> Mman.PAGE_SHIFT;
    }

    /** vma_is_anonymous: no file (and so no vm_ops); a shared anonymous VMA has a shmem file. */
    public boolean isAnonymous() {
        return file == NO_FILE;
    }

    public boolean hasAnonVma() {
        return anonVma != NO_ANON_VMA;
    }

    public boolean contains(long addr) {
        return addr >= start && addr < end;
    }

    /** vma_pgoff_offset: the page offset of {@code addr}, which must lie at or above start. */
    public long pgoffAt(long addr) {
        return pgoff + ((addr - start) >>> Mman.PAGE_SHIFT);
    }

    /** vm_start_gap: the start less the guard gap of a stack (stack_guard_gap) or shadow stack (a page). */
    public long startGap(long stackGuardGap) {
        long gap = (flags & VmFlags.VM_GROWSDOWN) != 0 ? stackGuardGap
                : (flags & VmFlags.VM_SHADOW_STACK) != 0 ? Mman.PAGE_SIZE : 0;
        long s = start - gap;
        return s > start || s < 0 ? 0 : s;
    }

    /** vma_set_range. */
    public Vma withRange(long start, long end, long pgoff) {
        return new Vma(id, start, end, flags, pgoff, file, anonVma, anonVmaChain, anonName);
    }

    public Vma withFlags(long flags) {
        return new Vma(id, start, end, flags, pgoff, file, anonVma, anonVmaChain, anonName);
    }

    public Vma withAnonVma(int anonVma, int anonVmaChain) {
        return new Vma(id, start, end, flags, pgoff, file, anonVma, anonVmaChain, anonName);
    }

    public Vma withAnonName(String anonName) {
        return new Vma(id, start, end, flags, pgoff, file, anonVma, anonVmaChain, anonName);
    }

    public Vma withFile(int file) {
        return new Vma(id, start, end, flags, pgoff, file, anonVma, anonVmaChain, anonName);
    }

    /** vm_area_dup: the same fields under another id. */
    public Vma withId(int id) {
        return new Vma(id, start, end, flags, pgoff, file, anonVma, anonVmaChain, anonName);
    }

    /** "7ffff7ff0000-7ffff7ff8000 rw-p", the head of a maps line. */
    public String describe() {
        return Long.toHexString(start) + "-" + Long.toHexString(end) + " " + VmFlags.perms(flags);
    }

    /** Folds every field into {@code h} (FNV-1a). */
    long digest(long h) {
        h = mix(h, id);
        h = mix(h, start);
        h = mix(h, end);
        h = mix(h, flags);
        h = mix(h, pgoff);
        h = mix(h, file);
        h = mix(h, anonVma);
        h = mix(h, anonVmaChain);
        return mix(h, anonName == null ? -1 : anonName.hashCode());
    }

    static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h = (h ^ ((v >>> (8 * i)) & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    @Override
    public String toString() {
        return "vma #" + id + " " + describe() + " pgoff 0x" + Long.toHexString(pgoff)
                + (file == NO_FILE ? "" : " file " + file) + (anonVma == NO_ANON_VMA ? ""
                        : " anon_vma " + anonVma + "/" + anonVmaChain) + (anonName == null ? "" : " [anon:" + anonName
                                + "]") + " " + VmFlags.format(flags);
    }

    /** Equal names, null meaning none: anon_vma_name_eq. */
    static boolean sameName(String a, String b) {
        return Objects.equals(a, b);
    }
}

package dev.folioscope.kernel.pgtable;

import static dev.folioscope.kernel.pgtable.Pte.ACCESSED;
import static dev.folioscope.kernel.pgtable.Pte.NX;
import static dev.folioscope.kernel.pgtable.Pte.PRESENT;
import static dev.folioscope.kernel.pgtable.Pte.PROTNONE;
import static dev.folioscope.kernel.pgtable.Pte.RW;
import static dev.folioscope.kernel.pgtable.Pte.USER;

/**
 * The x86-64 user protections (pgprot values) and the VMA-flags-to-pgprot map. Every user
 * protection is born young (ACCESSED) and never dirty; private writable mappings get read-only
 * protections (PAGE_COPY), so that the first write faults and copies.
 */
public final class PageProt {
    // arch/x86/include/asm/pgtable_types.h: PAGE_NONE ... PAGE_READONLY_EXEC.
    /** A|PROTNONE: not present to the CPU, yet pte_present to the kernel. */
    public static final long PAGE_NONE = ACCESSED | PROTNONE;
    public static final long PAGE_SHARED = PRESENT | RW | USER | ACCESSED | NX;
    public static final long PAGE_SHARED_EXEC = PRESENT | RW | USER | ACCESSED;
    public static final long PAGE_COPY_NOEXEC = PRESENT | USER | ACCESSED | NX;
    public static final long PAGE_COPY_EXEC = PRESENT | USER | ACCESSED;
    public static final long PAGE_COPY = PAGE_COPY_NOEXEC;
    public static final long PAGE_READONLY = PRESENT | USER | ACCESSED | NX;
    public static final long PAGE_READONLY_EXEC = PRESENT | USER | ACCESSED;

    /** The only vm_flags bits vm_get_page_prot looks at: VM_READ|VM_WRITE|VM_EXEC|VM_SHARED. */
    private static final int PROT_BITS = 0xf;

    // arch/x86/mm/pgprot.c: protection_map, indexed by VM_READ(1)|VM_WRITE(2)|VM_EXEC(4)|VM_SHARED(8).
    private static final long[] PROTECTION_MAP = {
        PAGE_NONE, PAGE_READONLY, PAGE_COPY, PAGE_COPY,
        PAGE_READONLY_EXEC, PAGE_READONLY_EXEC, PAGE_COPY_EXEC, PAGE_COPY_EXEC,
        PAGE_NONE, PAGE_READONLY, PAGE_SHARED, PAGE_SHARED,
        PAGE_READONLY_EXEC, PAGE_READONLY_EXEC, PAGE_SHARED_EXEC, PAGE_SHARED_EXEC,
    };

    private PageProt() {
    }

    /**
     * vm_get_page_prot: the protection of a VMA's entries, from its VM_READ, VM_WRITE, VM_EXEC and
     * VM_SHARED bits; every other bit of {@code vmFlags} is ignored (no protection keys, no memory
     * encryption, and an NX-capable CPU, so the supported-bits mask changes nothing).
     */
    public static long vmGetPageProt(long vmFlags) {
        return PROTECTION_MAP[(int) (vmFlags & PROT_BITS)];
    }
}

package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/**
 * Events of mm/memory.c and the x86 page-table code: page faults and their handlers, fork's copy
 * of the page tables, zapping, table allocation, every PTE written, and TLB flushes. Addresses
 * are the event's task's unless a pid field says whose.
 */
public enum MemoryEvents implements EventType {
    /** A user load or store that the MMU let through, setting the accessed (and dirty) bit itself. */
    USER_ACCESS(Schema.point("user access", "arch/x86 MMU").f("address", ADDR).f("write", BOOL).f("old_pte", PTE)
            .f("new_pte", PTE)
            .says("The CPU {write?stores to|loads from} {address} without a fault: the PTE allows it, and the MMU"
                    + " sets its accessed{write? and dirty|} bit{write?s|}.")),
    HANDLE_MM_FAULT(Schema.call("handle_mm_fault", "mm/memory.c").f("address", ADDR).f("write", BOOL)
            .f("vma", VMA).returns(INT)
            .says("A page fault on {address} ({write?write|read}) in vma {vma}: {result?handled|VM_FAULT_OOM}.")),
    DO_ANONYMOUS_PAGE(Schema.call("do_anonymous_page", "mm/memory.c").f("address", ADDR).f("write", BOOL)
            .returns(PFN)
            .says("{write?First write to an untouched anonymous page: a new zeroed folio {result} is mapped"
                    + " writable.|First read of an untouched anonymous page: the shared zero page is mapped"
                    + " read-only ({result}).}")),
    DO_WP_PAGE(Schema.call("do_wp_page", "mm/memory.c").f("address", ADDR).f("folio", FOLIO).returns(PFN)
            .says("A write to a write-protected PTE mapping folio {folio}: the folio is reused if this process is its only"
                    + " user, else copied (copy-on-write); the PTE now maps {result}.")),
    WP_PAGE_REUSE(Schema.point("wp_page_reuse", "mm/memory.c").f("address", ADDR).f("folio", FOLIO)
            .says("Folio {folio} is mapped by this process alone (PG_anon_exclusive): it is reused, and the PTE made"
                    + " writable and dirty.")),
    WP_PAGE_COPY(Schema.call("wp_page_copy", "mm/memory.c").f("address", ADDR).f("old_folio", FOLIO)
            .returns(FOLIO)
            .says("Copy-on-write: {old_folio?folio {old_folio} is shared|the zero page is mapped}, so a new folio"
                    + " {result} gets a copy and the PTE is switched to it.")),
    SET_PTE(Schema.point("set_pte_at", "arch/x86/include/asm/pgtable.h").f("pid", PID).f("address", ADDR)
            .f("table", PFN).f("index", INT).f("old_pte", PTE).f("new_pte", PTE)
            .says("PTE {index} of table {table} (address {address} of pid {pid}) changes from {old_pte} to"
                    + " {new_pte}.")),
    PAGETABLE_ALLOC(Schema.point("pagetable_alloc", "mm/memory.c").f("pid", PID).f("level", INT)
            .f("table", PFN)
            .says("A new page-table page {table} (level {level}: 0 PGD, 1 P4D, 2 PUD, 3 PMD, 4 PTE) for pid {pid};"
                    + " it counts in PageTables.")),
    PAGETABLE_FREE(Schema.point("pagetable_free", "mm/memory.c").f("pid", PID).f("level", INT).f("table", PFN)
            .says("Page-table page {table} (level {level}) of pid {pid} is freed.")),
    FLUSH_TLB_RANGE(Schema.point("flush_tlb_range", "arch/x86/mm/tlb.c").f("pid", PID).f("start", ADDR)
            .f("end", ADDR)
            .says("The TLB entries of {start}-{end} of pid {pid} are flushed: the CPUs stop using the old PTEs.")),
    COPY_PAGE_RANGE(Schema.call("copy_page_range", "mm/memory.c").f("child", PID).f("vma", VMA)
            .f("start", ADDR).f("end", ADDR).returns(INT)
            .says("fork copies the page tables of vma {vma} ({start}-{end}) into pid {child}: {result} PTE(s);"
                    + " private writable ones are write-protected in both, and the child's are made old.")),
    ZAP_PTE_RANGE(Schema.call("zap_pte_range", "mm/memory.c").f("vma", VMA).f("start", ADDR).f("end", ADDR)
            .returns(INT)
            .says("Unmaps {start}-{end} of vma {vma}: {result} PTE(s) cleared, their folios' mappings dropped.")),
    FREE_PGTABLES(Schema.call("free_pgtables", "mm/memory.c").f("floor", ADDR).f("ceiling", ADDR).returns(INT)
            .says("Frees the page tables used only by the unmapped range (between {floor} and {ceiling}):"
                    + " {result} table(s).")),
    CHANGE_PROTECTION(Schema.call("change_protection", "mm/mprotect.c").f("vma", VMA).f("start", ADDR)
            .f("end", ADDR).returns(INT)
            .says("Rewrites the PTEs of {start}-{end} for vma {vma}'s new protection: {result} changed.")),
    DO_READ_FAULT(Schema.call("do_read_fault", "mm/memory.c").f("address", ADDR).f("inode", INODE)
            .f("pgoff", PGOFF).returns(FOLIO)
            .says("A read fault on file page {pgoff} of inode {inode}: the pages around it already in the page cache"
                    + " are mapped first (fault-around); {result?the PTE now maps {result}|nothing is mapped yet}.")),
    DO_FAULT_AROUND(Schema.call("do_fault_around", "mm/memory.c").f("address", ADDR).f("from", PGOFF)
            .f("to", PGOFF).returns(INT)
            .says("Fault-around maps the up-to-date page-cache pages of file pages {from}-{to} that have no PTE yet:"
                    + " {result} mapped, read-only and young.")),
    DO_COW_FAULT(Schema.call("do_cow_fault", "mm/memory.c").f("address", ADDR).f("inode", INODE)
            .f("pgoff", PGOFF).returns(FOLIO)
            .says("A write fault on an unmapped page of a private file mapping (file page {pgoff} of inode {inode}):"
                    + " the page-cache page is copied into a new anonymous folio {result}, mapped writable.")),
    DO_SHARED_FAULT(Schema.call("do_shared_fault", "mm/memory.c").f("address", ADDR).f("inode", INODE)
            .f("pgoff", PGOFF).returns(FOLIO)
            .says("A write fault on an unmapped page of a shared mapping (file page {pgoff} of inode {inode}): the"
                    + " page-cache folio {result} itself is mapped writable and dirtied.")),
    WP_PAGE_SHARED(Schema.call("wp_page_shared", "mm/memory.c").f("address", ADDR).f("folio", FOLIO)
            .returns(FOLIO)
            .says("A write to a read-only PTE of a shared file mapping: the filesystem is told (page_mkwrite), the"
                    + " folio {folio} is dirtied and the PTE made writable; nothing is copied."));

    private final Schema schema;

    MemoryEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}

package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/**
 * Events of the VMA layer: mm/mmap.c, mm/vma.c, mm/mprotect.c, mm/mremap.c, mm/mlock.c,
 * mm/madvise.c and the accounting in mm/util.c. The system calls are calls whose result is the
 * value user space gets; the functions they go through are nested calls; every change to an
 * mm's VMA tree or counters is a point emitted right after it.
 *
 * <p>Addresses are the task's user addresses; VMAs are named by the model's VMA ids; the pid
 * fields name the mm's owner (a fork's child mm is changed by its parent's task).
 */
public enum MmapEvents implements EventType {
    SYS_MMAP(Schema.call("sys_mmap", "arch/x86/kernel/sys_x86_64.c").f("addr", ADDR).f("len", BYTES).f("prot", PROT)
            .f("flags", MAP_FLAGS).f("fd", INT).f("off", BYTES).returns(ERRNO)
            .says("mmap({addr}, {len}, {prot}, {flags}, {fd?file {fd}|no file}, offset {off}) returned {result}.")),
    SYS_MUNMAP(Schema.call("sys_munmap", "mm/mmap.c").f("addr", ADDR).f("len", BYTES).returns(ERRNO)
            .says("munmap({addr}, {len}) returned {result}.")),
    SYS_MPROTECT(Schema.call("sys_mprotect", "mm/mprotect.c").f("start", ADDR).f("len", BYTES).f("prot", PROT)
            .returns(ERRNO).says("mprotect({start}, {len}, {prot}) returned {result}.")),
    SYS_MREMAP(Schema.call("sys_mremap", "mm/mremap.c").f("addr", ADDR).f("old_len", BYTES).f("new_len", BYTES)
            .f("flags", INT).f("new_addr", ADDR).returns(ERRNO)
            .says("mremap({addr}, {old_len}, {new_len}, flags {flags}, {new_addr}) returned {result}.")),
    SYS_BRK(Schema.call("sys_brk", "mm/mmap.c").f("brk", ADDR).returns(ADDR)
            .says("brk({brk}) returned {result}: the break asked for on success, the old break on failure.")),
    SYS_MLOCK(Schema.call("sys_mlock2", "mm/mlock.c").f("start", ADDR).f("len", BYTES).f("flags", INT).returns(ERRNO)
            .says("mlock2({start}, {len}, flags {flags}) returned {result}.")),
    SYS_MUNLOCK(Schema.call("sys_munlock", "mm/mlock.c").f("start", ADDR).f("len", BYTES).returns(ERRNO)
            .says("munlock({start}, {len}) returned {result}.")),
    SYS_MADVISE(Schema.call("sys_madvise", "mm/madvise.c").f("start", ADDR).f("len_in", BYTES).f("behavior", INT)
            .returns(ERRNO).says("madvise({start}, {len_in}, behaviour {behavior}) returned {result}.")),

    GET_UNMAPPED_AREA(Schema.call("__get_unmapped_area", "mm/mmap.c").f("addr", ADDR).f("len", BYTES)
            .f("pgoff", INT).f("flags", MAP_FLAGS).returns(ERRNO)
            .says("Chooses where {len} goes (hint {addr}, {flags}): {result}.")),
    VM_UNMAPPED_AREA(Schema.call("vm_unmapped_area", "mm/mmap.c").f("topdown", BOOL).f("length", BYTES)
            .f("low_limit", ADDR).f("high_limit", ADDR).returns(ERRNO)
            .says("Searches {topdown?top-down for the highest|bottom-up for the lowest} free gap of {length} between"
                    + " {low_limit} and {high_limit}: {result}.")),
    MMAP_REGION(Schema.call("__mmap_region", "mm/vma.c").f("addr", ADDR).f("len", BYTES).f("vm_flags", VM_FLAGS)
            .f("pgoff", INT).returns(ERRNO)
            .says("Maps {len} at {addr} with {vm_flags}: unmaps what was there, charges the commit, merges with a"
                    + " neighbour or inserts a new VMA; returned {result}.")),
    DO_VMI_ALIGN_MUNMAP(Schema.call("do_vmi_align_munmap", "mm/vma.c").f("start", ADDR).f("end", ADDR)
            .returns(ERRNO).says("Unmaps {start}-{end}: splits the VMAs at both ends, detaches those inside, zaps"
                    + " their pages and frees their page tables; returned {result}.")),
    VMA_MERGE_NEW_RANGE(Schema.call("vma_merge_new_range", "mm/vma.c").f("start", ADDR).f("end", ADDR)
            .f("vm_flags", VM_FLAGS).f("prev", VMA).f("next", VMA).returns(VMA)
            .says("Tries to merge the new range {start}-{end} into {prev} before it or {next} after it:"
                    + " {result?merged into {result}.|no merge (flags, file, anon_vma or offsets differ).}")),
    VMA_MERGE_EXISTING_RANGE(Schema.call("vma_merge_existing_range", "mm/vma.c").f("vma", VMA).f("start", ADDR)
            .f("end", ADDR).f("vm_flags", VM_FLAGS).f("prev", VMA).returns(VMA)
            .says("Tries to merge {start}-{end} of {vma}, about to get {vm_flags}, with its neighbours:"
                    + " {result?merged into {result}.|no merge.}")),
    VMA_EXPAND(Schema.call("vma_expand", "mm/vma.c").f("vma", VMA).f("start", ADDR).f("end", ADDR)
            .f("remove_next", VMA).returns(ERRNO)
            .says("{vma} grows to {start}-{end}{remove_next?, absorbing {remove_next}|}; returned {result}.")),
    SPLIT_VMA(Schema.call("__split_vma", "mm/vma.c").f("vma", VMA).f("addr", ADDR).f("new_below", BOOL).returns(VMA)
            .says("Splits {vma} at {addr}: {result?the part {new_below?below|from} {addr} becomes {result}.|failed:"
                    + " the mm has max_map_count VMAs.}")),
    COPY_VMA(Schema.call("copy_vma", "mm/vma.c").f("vma", VMA).f("addr", ADDR).f("len", BYTES).f("pgoff", INT)
            .returns(VMA).says("Copies {vma} to {addr} ({len}, pgoff {pgoff}) for a move:"
                    + " {result?{result}.|no VMA.}")),
    DO_BRK_FLAGS(Schema.call("do_brk_flags", "mm/vma.c").f("addr", ADDR).f("len", BYTES).f("vm_flags", VM_FLAGS)
            .returns(ERRNO).says("Grows the heap by {len} at {addr}, extending the brk VMA if it can; returned"
                    + " {result}.")),
    MPROTECT_FIXUP(Schema.call("mprotect_fixup", "mm/mprotect.c").f("vma", VMA).f("start", ADDR).f("end", ADDR)
            .f("newflags", VM_FLAGS).returns(ERRNO)
            .says("Gives {start}-{end} of {vma} the flags {newflags}; returned {result}.")),
    MLOCK_FIXUP(Schema.call("mlock_fixup", "mm/mlock.c").f("vma", VMA).f("start", ADDR).f("end", ADDR)
            .f("newflags", VM_FLAGS).returns(ERRNO)
            .says("Gives {start}-{end} of {vma} the flags {newflags} and (un)locks its pages; returned {result}.")),
    MADVISE_UPDATE_VMA(Schema.call("madvise_update_vma", "mm/madvise.c").f("vma", VMA).f("start", ADDR)
            .f("end", ADDR).f("new_flags", VM_FLAGS).returns(ERRNO)
            .says("Gives {start}-{end} of {vma} the flags {new_flags}; returned {result}.")),
    MADVISE_VMA_BEHAVIOR(Schema.call("madvise_vma_behavior", "mm/madvise.c").f("vma", VMA).f("start", ADDR)
            .f("end", ADDR).f("behavior", INT).returns(ERRNO)
            .says("Applies behaviour {behavior} to the pages of {start}-{end} in {vma}; returned {result}.")),
    MOVE_VMA(Schema.call("move_vma", "mm/mremap.c").f("vma", VMA).f("old_addr", ADDR).f("old_len", BYTES)
            .f("new_addr", ADDR).f("new_len", BYTES).returns(ERRNO)
            .says("Moves {old_len} of {vma} at {old_addr} to {new_addr} ({new_len}): copies the VMA, moves the page"
                    + " tables, unmaps the old range; returned {result}.")),
    MM_POPULATE(Schema.call("__mm_populate", "mm/gup.c").f("start", ADDR).f("len", BYTES).f("ignore_errors", BOOL)
            .returns(ERRNO).says("Faults in {len} from {start}, VMA by VMA; returned {result}.")),
    POPULATE_VMA_PAGE_RANGE(Schema.call("populate_vma_page_range", "mm/gup.c").f("vma", VMA).f("start", ADDR)
            .f("end", ADDR).f("write", BOOL).returns(ERRNO)
            .says("Faults in {start}-{end} of {vma} with {write?write|read} faults; returned {result} (pages or"
                    + " error).")),
    VM_ENOUGH_MEMORY(Schema.call("__vm_enough_memory", "mm/util.c").f("pages", PAGES).f("overcommit_memory", INT)
            .f("allowed", PAGES).f("committed", PAGES).returns(ERRNO)
            .says("Charges {pages} to the commit under vm.overcommit_memory {overcommit_memory} ({allowed?limit"
                    + " {allowed}|no limit}); Committed_AS is then {committed}: returned {result}.")),
    DUP_MMAP(Schema.call("dup_mmap", "mm/mmap.c").f("oldpid", PID).f("pid", PID).returns(ERRNO)
            .says("Copies the VMAs of {oldpid} into the new mm of {pid} (not VM_DONTCOPY ones; VM_WIPEONFORK ones"
                    + " empty); returned {result}.")),
    EXIT_MMAP(Schema.call("exit_mmap", "mm/mmap.c").f("pid", PID).returns(ERRNO)
            .says("Tears down every VMA of {pid}: zaps the pages, frees the page tables, unaccounts; returned"
                    + " {result}.")),
    SETUP_ARG_PAGES(Schema.call("setup_arg_pages", "fs/exec.c").f("pid", PID).f("stack_start", ADDR)
            .f("stack_end", ADDR).f("start_brk", ADDR).returns(ERRNO)
            .says("Sets up the new image of {pid}: stack VMA {stack_start}-{stack_end}, an empty heap at"
                    + " {start_brk}; returned {result}.")),

    VMA_INSERT(Schema.point("vma_iter_store_new", "mm/vma.h").f("pid", PID).f("vma", VMA).f("start", ADDR)
            .f("end", ADDR).f("flags", VM_FLAGS).f("pgoff", INT).f("map_count", INT)
            .says("{vma} {start}-{end} ({flags}, pgoff {pgoff}) enters the VMA tree of {pid}; map_count"
                    + " {map_count}.")),
    VMA_REMOVE(Schema.point("vma_mark_detached", "mm/vma.c").f("pid", PID).f("vma", VMA).f("start", ADDR)
            .f("end", ADDR).f("flags", VM_FLAGS).f("map_count", INT)
            .says("{vma} {start}-{end} leaves the VMA tree of {pid}; map_count {map_count}.")),
    VMA_SET_RANGE(Schema.point("vma_set_range", "mm/vma.h").f("pid", PID).f("vma", VMA).f("start", ADDR)
            .f("end", ADDR).f("pgoff", INT).says("{vma} of {pid} now spans {start}-{end}, pgoff {pgoff}.")),
    VMA_SET_FLAGS(Schema.point("vm_flags_reset", "include/linux/mm.h").f("pid", PID).f("vma", VMA)
            .f("old_flags", VM_FLAGS).f("new_flags", VM_FLAGS)
            .says("vm_flags of {vma} of {pid}: {old_flags} \u2192 {new_flags}.")),
    VMA_SET_ANON_VMA(Schema.point("anon_vma_clone", "mm/rmap.c").f("pid", PID).f("vma", VMA).f("anon_vma", INT)
            .f("chain", INT).says("{vma} of {pid} now uses anon_vma {anon_vma} ({chain} anon_vma_chain entries).")),
    VM_STAT_ACCOUNT(Schema.point("vm_stat_account", "mm/mmap.c").f("pid", PID).f("flags", VM_FLAGS)
            .f("npages", INT).f("total_vm", PAGES).f("data_vm", PAGES).f("exec_vm", PAGES).f("stack_vm", PAGES)
            .says("{npages} pages of {flags} counted for {pid}: total_vm {total_vm}, data_vm {data_vm}, exec_vm"
                    + " {exec_vm}, stack_vm {stack_vm}.")),
    MM_LOCKED_VM(Schema.point("mm->locked_vm", "mm/mlock.c").f("pid", PID).f("delta", INT).f("locked_vm", PAGES)
            .says("locked_vm of {pid} changes by {delta} to {locked_vm}.")),
    VM_ACCT_MEMORY(Schema.point("vm_acct_memory", "include/linux/mman.h").f("pages", INT).f("committed", PAGES)
            .says("vm_committed_as changes by {pages} pages to {committed} (Committed_AS).")),
    MM_SET_BRK(Schema.point("mm->brk", "mm/mmap.c").f("pid", PID).f("old_brk", ADDR).f("new_brk", ADDR)
            .says("The program break of {pid} moves from {old_brk} to {new_brk}."));

    private final Schema schema;

    MmapEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}

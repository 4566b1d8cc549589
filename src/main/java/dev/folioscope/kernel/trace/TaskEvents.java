package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of process lifetimes (kernel/fork.c, kernel/exit.c, fs/exec.c) and of user accesses that fail. */
public enum TaskEvents implements EventType {
    SPAWN(Schema.call("execve (new process)", "fs/exec.c").f("child", PID).returns(ERRNO)
            .says("A new process {child} starts with an empty program: a fresh mm with its page-table root, a stack"
                    + " VMA and an empty heap ({result?ok|failed}).")),
    FORK(Schema.call("kernel_clone", "kernel/fork.c").f("parent", PID).f("child", PID).returns(ERRNO)
            .says("Process {parent} forks {child}: the child's mm gets a copy of every VMA (dup_mmap), anonymous"
                    + " memory shared copy-on-write ({result?ok|failed}).")),
    EXIT(Schema.call("do_exit", "kernel/exit.c").f("exiting", PID).returns(ERRNO)
            .says("Process {exiting} exits: exit_mmap unmaps every VMA, frees its page tables and drops its folios'"
                    + " mappings.")),
    EXECVE(Schema.call("execve", "fs/exec.c").f("task", PID).returns(ERRNO)
            .says("Process {task} execs an empty program: its old mm goes, a new one takes its place.")),
    FLUSH_TLB_MM(Schema.point("flush_tlb_mm", "arch/x86/mm/tlb.c").f("mm_of", PID)
            .says("Every TLB entry of pid {mm_of} is flushed (fork write-protected its PTEs).")),
    BAD_ACCESS(Schema.point("bad_area", "arch/x86/mm/fault.c").f("address", ADDR).f("write", BOOL)
            .says("The {write?store to|load from} {address} hits no VMA or one that forbids it: the process would"
                    + " get SIGSEGV. The model reports -EFAULT and carries on.")),
    OPEN(Schema.point("openat", "fs/open.c").f("inode", INODE).f("writable", BOOL).f("fd", ERRNO)
            .says("The process opens inode {inode} {writable?read-write|read-only}: file descriptor {fd}.")),
    CLOSE(Schema.point("close", "fs/open.c").f("fd", FD).f("ret", ERRNO)
            .says("The process closes file descriptor {fd} ({ret}); a mapping of the file keeps its own"
                    + " reference.")),
    PREAD(Schema.call("pread64", "fs/read_write.c").f("fd", FD).f("pgoff", PGOFF).f("pages", PAGES)
            .returns(ERRNO)
            .says("The process reads {pages} page(s) from file page {pgoff} through the page cache: {result} byte(s).")),
    FADVISE(Schema.call("fadvise64", "mm/fadvise.c").f("fd", FD).f("pgoff", PGOFF).f("pages", PAGES)
            .f("advice", INT).returns(ERRNO)
            .says("posix_fadvise of {pages} page(s) from file page {pgoff} (0: to the end), advice {advice}"
                    + " (3 WILLNEED: read them in, 4 DONTNEED: drop them from the page cache): {result}.")),
    PWRITE(Schema.call("pwrite64", "fs/read_write.c").f("fd", FD).f("pgoff", PGOFF).f("pages", PAGES)
            .returns(ERRNO)
            .says("The process writes {pages} page(s) at file page {pgoff} into the page cache, which dirties them:"
                    + " {result} byte(s).")),
    CREATE_FILE(Schema.point("a file on disk", "fs/").f("inode", INODE).f("pages", PAGES)
            .says("Inode {inode} is a file of {pages} page(s) on disk, none of them in the page cache yet."));

    private final Schema schema;

    TaskEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}

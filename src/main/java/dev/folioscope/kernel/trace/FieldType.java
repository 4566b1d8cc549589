package dev.folioscope.kernel.trace;

/**
 * What an event field holds: it decides how the value is printed and which kernel object, if
 * any, the value names (so that a debugger can link the event to that object). Values are
 * stored as longs whatever the type; -1 means "none" for the types that name an object.
 */
public enum FieldType {
    /** A plain number. */
    INT(Ref.NONE),
    /** A number of pages. */
    PAGES(Ref.NONE),
    /** A number of blocks (of the event's order). */
    BLOCKS(Ref.NONE),
    /** 1 or 0. */
    BOOL(Ref.NONE),
    /** An index into the scenario's steps. */
    STEP(Ref.NONE),
    /** A zone index (ZONE_DMA = 0...). */
    ZONE(Ref.ZONE),
    /** A page frame number; -1 for none (a failed allocation). */
    PFN(Ref.PFN),
    /** A buddy or folio order. */
    ORDER(Ref.ORDER),
    /** A migratetype ordinal. */
    MIGRATETYPE(Ref.MIGRATETYPE),
    /** A gfp_t mask. */
    GFP(Ref.NONE),
    /** The page allocator's ALLOC_* flags. */
    ALLOC_FLAGS(Ref.NONE),
    /** A watermark index (WMARK_MIN, LOW, HIGH). */
    WATERMARK(Ref.NONE),
    /** A bit number of zone->flags. */
    ZONE_FLAG(Ref.NONE),
    /** A CPU number. */
    CPU(Ref.CPU),
    /** A value of the field's enum (see {@link Field#values()}), stored as its ordinal. */
    ENUM(Ref.NONE),
    /** A process id. */
    PID(Ref.PID),
    /** A user virtual address (of the event's task). */
    ADDR(Ref.ADDRESS),
    /** A length in bytes. */
    BYTES(Ref.NONE),
    /** A VMA's id (the model numbers VMAs as it creates them; the kernel has only pointers). */
    VMA(Ref.VMA),
    /** vm_flags (VM_READ...). */
    VM_FLAGS(Ref.NONE),
    /** mmap/mprotect prot bits (PROT_READ...). */
    PROT(Ref.NONE),
    /** mmap flags (MAP_PRIVATE...). */
    MAP_FLAGS(Ref.NONE),
    /** A page-table entry's raw 64-bit value, at any level. */
    PTE(Ref.NONE),
    /** A folio, by the pfn of its head page. */
    FOLIO(Ref.FOLIO),
    /** An LRU list of a lruvec (enum lru_list: inactive_anon...). */
    LRU_LIST(Ref.NONE),
    /** An inode number: a file of the machine (a disk file, or the shmem object of a shared anonymous mapping). */
    INODE(Ref.NONE),
    /** A page index in a file (pgoff). */
    PGOFF(Ref.NONE),
    /** A file descriptor of the event's task. */
    FD(Ref.NONE),
    /** A system call's return value: an errno when negative (-ENOMEM...), else a number. */
    ERRNO(Ref.NONE),
    /**
     * Eight bytes of a task's name (comm), packed little-endian, a zero byte ending it; a name of
     * up to 15 characters (TASK_COMM_LEN - 1) takes two fields.
     */
    COMM(Ref.NONE);

    /** The value of the {@code part}th (0 or 1) COMM field of a name. */
    public static long commPart(String comm, int part) {
        long v = 0;
        for (int i = 0; i < 8 && part * 8 + i < comm.length(); i++) {
            v |= (long) (comm.charAt(part * 8 + i) & 0xff) << (8 * i);
        }
        return v;
    }

    /** The kind of kernel object a field's value names, if any. */
    public enum Ref {
        NONE, ZONE, PFN, ORDER, MIGRATETYPE, CPU, PID, ADDRESS, VMA, FOLIO
    }

    private final Ref ref;

    FieldType(Ref ref) {
        this.ref = ref;
    }

    public Ref ref() {
        return ref;
    }
}

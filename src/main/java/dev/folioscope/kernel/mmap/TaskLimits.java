package dev.folioscope.kernel.mmap;

/**
 * What the calling task ({@code current}) brings to a memory system call besides its mm: its
 * resource limits and the two capabilities the VMA code asks about. The task layer owns tasks
 * and hands one of these to every call.
 *
 * @param rlimitAs RLIMIT_AS in bytes (may_expand_vm: total_vm)
 * @param rlimitData RLIMIT_DATA in bytes (may_expand_vm: data_vm; brk's check_data_rlimit)
 * @param rlimitMemlock RLIMIT_MEMLOCK in bytes (mlock, MAP_LOCKED, can_do_mlock)
 * @param rlimitStack RLIMIT_STACK in bytes (the mmap layout)
 * @param capIpcLock CAP_IPC_LOCK: no RLIMIT_MEMLOCK
 * @param capSysAdmin CAP_SYS_ADMIN: __vm_enough_memory leaves the admin reserve to it
 */
public record TaskLimits(long rlimitAs, long rlimitData, long rlimitMemlock, long rlimitStack, boolean capIpcLock,
        boolean capSysAdmin) {
    /** RLIM_INFINITY (all ones, unsigned): no limit. */
    public static final long RLIM_INFINITY = Long.MAX_VALUE;
    /** An unprivileged task with 6.18's default limits: MLOCK_LIMIT 8 MiB, an 8 MiB stack, no AS or data limit. */
    public static final TaskLimits USER = new TaskLimits(RLIM_INFINITY, RLIM_INFINITY, 8L << 20, 8L << 20, false,
            false);
    /** Root, as the conformance cases ran: the same limits, with CAP_IPC_LOCK and CAP_SYS_ADMIN. */
    public static final TaskLimits ROOT = new TaskLimits(RLIM_INFINITY, RLIM_INFINITY, 8L << 20, 8L << 20, true, true);

    public TaskLimits withRlimitMemlock(long bytes) {
        return new TaskLimits(rlimitAs, rlimitData, bytes, rlimitStack, capIpcLock, capSysAdmin);
    }

    public TaskLimits withRlimitAs(long bytes) {
        return new TaskLimits(bytes, rlimitData, rlimitMemlock, rlimitStack, capIpcLock, capSysAdmin);
    }

    public TaskLimits withRlimitData(long bytes) {
        return new TaskLimits(rlimitAs, bytes, rlimitMemlock, rlimitStack, capIpcLock, capSysAdmin);
    }

    /** rlimit(X) >> PAGE_SHIFT, infinity staying infinite. */
    static long pages(long rlimit) {
        return rlimit == RLIM_INFINITY ? RLIM_INFINITY : rlimit >>> Mman.PAGE_SHIFT;
    }
}

package dev.folioscope.kernel.mmap;

/**
 * include/linux/mm.h: the vm_flags bits of x86-64 as Linux 6.18 defines them, with the three
 * ways the kernel prints them: by name (for the debugger), as the two-letter mnemonics of
 * /proc/PID/smaps' {@code VmFlags:} line (fs/proc/task_mmu.c: show_smap_vma_flags), and as the
 * {@code rwxp} permissions of /proc/PID/maps (show_vma_header_prefix).
 *
 * <p>Kconfig as modelled: 64-bit, x86 protection keys (bits 32-35, printed through
 * ProtectionKey rather than VmFlags), user shadow stacks (bit 37), userfaultfd minor faults (bit
 * 41), no VM_GROWSUP. {@link #VM_SOFTDIRTY} has its value here so that it can be named, but it
 * is only ever set when {@link MmapState#memSoftDirty()} says CONFIG_MEM_SOFT_DIRTY is on.
 */
public final class VmFlags {
    public static final long VM_NONE = 0;
    public static final long VM_READ = 0x1;
    public static final long VM_WRITE = 0x2;
    public static final long VM_EXEC = 0x4;
    public static final long VM_SHARED = 0x8;
    public static final long VM_MAYREAD = 0x10;
    public static final long VM_MAYWRITE = 0x20;
    public static final long VM_MAYEXEC = 0x40;
    public static final long VM_MAYSHARE = 0x80;
    public static final long VM_GROWSDOWN = 0x100;
    public static final long VM_UFFD_MISSING = 0x200;
    public static final long VM_PFNMAP = 0x400;
    public static final long VM_UFFD_WP = 0x1000;
    public static final long VM_LOCKED = 0x2000;
    public static final long VM_IO = 0x4000;
    public static final long VM_SEQ_READ = 0x8000;
    public static final long VM_RAND_READ = 0x10000;
    public static final long VM_DONTCOPY = 0x20000;
    public static final long VM_DONTEXPAND = 0x40000;
    public static final long VM_LOCKONFAULT = 0x80000;
    public static final long VM_ACCOUNT = 0x100000;
    public static final long VM_NORESERVE = 0x200000;
    public static final long VM_HUGETLB = 0x400000;
    public static final long VM_SYNC = 0x800000;
    public static final long VM_ARCH_1 = 0x1000000;
    public static final long VM_WIPEONFORK = 0x2000000;
    public static final long VM_DONTDUMP = 0x4000000;
    public static final long VM_SOFTDIRTY = 0x8000000;
    public static final long VM_MIXEDMAP = 0x10000000;
    public static final long VM_HUGEPAGE = 0x20000000;
    public static final long VM_NOHUGEPAGE = 0x40000000;
    public static final long VM_MERGEABLE = 1L << 31;
    public static final long VM_PKEY_BIT0 = 1L << 32;
    public static final long VM_PKEY_BIT1 = 1L << 33;
    public static final long VM_PKEY_BIT2 = 1L << 34;
    public static final long VM_PKEY_BIT3 = 1L << 35;
    public static final long VM_SHADOW_STACK = 1L << 37;
    public static final long VM_ALLOW_ANY_UNCACHED = 1L << 39;
    public static final long VM_DROPPABLE = 1L << 40;
    public static final long VM_UFFD_MINOR = 1L << 41;
    public static final long VM_SEALED = 1L << 42;

    /** Mappings no merge may touch. */
    public static final long VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP;
    /** x86 has no VM_GROWSUP: the stack grows down. */
    public static final long VM_STACK = VM_GROWSDOWN;
    public static final long VM_ACCESS_FLAGS = VM_READ | VM_WRITE | VM_EXEC;
    public static final long VM_LOCKED_MASK = VM_LOCKED | VM_LOCKONFAULT;
    /** Flags a forked mm keeps in def_flags. */
    public static final long VM_INIT_DEF_MASK = VM_NOHUGEPAGE;
    /** VMAs whose start has a guard gap below it. */
    public static final long VM_STARTGAP_FLAGS = VM_GROWSDOWN | VM_SHADOW_STACK;
    /** Cleared by mprotect before the new protection is applied (the pkey bits). */
    public static final long VM_FLAGS_CLEAR = VM_PKEY_BIT0 | VM_PKEY_BIT1 | VM_PKEY_BIT2 | VM_PKEY_BIT3;
    /** arch/x86/include/asm/page_types.h: VM_DATA_FLAGS_TSK_EXEC without READ_IMPLIES_EXEC. */
    public static final long VM_DATA_DEFAULT_FLAGS = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
    public static final long VM_STACK_DEFAULT_FLAGS = VM_DATA_DEFAULT_FLAGS;
    public static final long VM_STACK_FLAGS = VM_STACK | VM_STACK_DEFAULT_FLAGS | VM_ACCOUNT;

    private static final String[] NAMES = new String[64];
    private static final String[] MNEMONICS = new String[64];

    static {
        name(VM_READ, "VM_READ", "rd");
        name(VM_WRITE, "VM_WRITE", "wr");
        name(VM_EXEC, "VM_EXEC", "ex");
        name(VM_SHARED, "VM_SHARED", "sh");
        name(VM_MAYREAD, "VM_MAYREAD", "mr");
        name(VM_MAYWRITE, "VM_MAYWRITE", "mw");
        name(VM_MAYEXEC, "VM_MAYEXEC", "me");
        name(VM_MAYSHARE, "VM_MAYSHARE", "ms");
        name(VM_GROWSDOWN, "VM_GROWSDOWN", "gd");
        name(VM_UFFD_MISSING, "VM_UFFD_MISSING", "um");
        name(VM_PFNMAP, "VM_PFNMAP", "pf");
        name(VM_UFFD_WP, "VM_UFFD_WP", "uw");
        name(VM_LOCKED, "VM_LOCKED", "lo");
        name(VM_IO, "VM_IO", "io");
        name(VM_SEQ_READ, "VM_SEQ_READ", "sr");
        name(VM_RAND_READ, "VM_RAND_READ", "rr");
        name(VM_DONTCOPY, "VM_DONTCOPY", "dc");
        name(VM_DONTEXPAND, "VM_DONTEXPAND", "de");
        name(VM_LOCKONFAULT, "VM_LOCKONFAULT", "lf");
        name(VM_ACCOUNT, "VM_ACCOUNT", "ac");
        name(VM_NORESERVE, "VM_NORESERVE", "nr");
        name(VM_HUGETLB, "VM_HUGETLB", "ht");
        name(VM_SYNC, "VM_SYNC", "sf");
        name(VM_ARCH_1, "VM_ARCH_1", "ar");
        name(VM_WIPEONFORK, "VM_WIPEONFORK", "wf");
        name(VM_DONTDUMP, "VM_DONTDUMP", "dd");
        name(VM_SOFTDIRTY, "VM_SOFTDIRTY", "sd");
        name(VM_MIXEDMAP, "VM_MIXEDMAP", "mm");
        name(VM_HUGEPAGE, "VM_HUGEPAGE", "hg");
        name(VM_NOHUGEPAGE, "VM_NOHUGEPAGE", "nh");
        name(VM_MERGEABLE, "VM_MERGEABLE", "mg");
        // The protection key bits print as ProtectionKey:, not in VmFlags.
        name(VM_PKEY_BIT0, "VM_PKEY_BIT0", "");
        name(VM_PKEY_BIT1, "VM_PKEY_BIT1", "");
        name(VM_PKEY_BIT2, "VM_PKEY_BIT2", "");
        name(VM_PKEY_BIT3, "VM_PKEY_BIT3", "");
        name(VM_SHADOW_STACK, "VM_SHADOW_STACK", "ss");
        name(VM_ALLOW_ANY_UNCACHED, "VM_ALLOW_ANY_UNCACHED", "??");
        name(VM_DROPPABLE, "VM_DROPPABLE", "dp");
        name(VM_UFFD_MINOR, "VM_UFFD_MINOR", "ui");
        name(VM_SEALED, "VM_SEALED", "sl");
    }

    private VmFlags() {
    }

    private static void name(long bit, String name, String mnemonic) {
        int i = Long.numberOfTrailingZeros(bit);
        NAMES[i] = name;
        MNEMONICS[i] = mnemonic;
    }

    /** "VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC", "0" for none; unknown bits as "0x..". */
    public static String format(long flags) {
        if (flags == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        long unknown = 0;
        for (int i = 0; i < 64; i++) {
            long bit = 1L << i;
            if ((flags & bit) == 0) {
                continue;
            }
            if (NAMES[i] == null) {
                unknown |= bit;
            } else {
                sb.append(sb.isEmpty() ? "" : "|").append(NAMES[i]);
            }
        }
        if (unknown != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(unknown));
        }
        return sb.toString();
    }

    /**
     * fs/proc/task_mmu.c: show_smap_vma_flags — the smaps line, "VmFlags: rd wr mr mw me ac "
     * (each set flag's mnemonic and a space, in bit order; "??" for a bit without one), without
     * its newline.
     */
    public static String smapsLine(long flags) {
        StringBuilder sb = new StringBuilder("VmFlags: ");
        for (int i = 0; i < 64; i++) {
            if ((flags & (1L << i)) == 0) {
                continue;
            }
            String m = MNEMONICS[i] == null ? "??" : MNEMONICS[i];
            if (!m.isEmpty()) {
                sb.append(m).append(' ');
            }
        }
        return sb.toString();
    }

    /** fs/proc/task_mmu.c: show_vma_header_prefix — "rw-p", "r-xs". */
    public static String perms(long flags) {
        return new String(new char[] {(flags & VM_READ) != 0 ? 'r' : '-', (flags & VM_WRITE) != 0 ? 'w' : '-',
            (flags & VM_EXEC) != 0 ? 'x' : '-', (flags & VM_MAYSHARE) != 0 ? 's' : 'p'});
    }

    /** include/linux/mman.h: calc_vm_prot_bits — PROT_READ/WRITE/EXEC to VM_READ/WRITE/EXEC (pkey 0). */
    public static long calcVmProtBits(long prot) {
        return ((prot & Mman.PROT_READ) != 0 ? VM_READ : 0) | ((prot & Mman.PROT_WRITE) != 0 ? VM_WRITE : 0)
                | ((prot & Mman.PROT_EXEC) != 0 ? VM_EXEC : 0);
    }

    /**
     * include/linux/mman.h: calc_vm_flag_bits — MAP_GROWSDOWN, MAP_LOCKED, MAP_SYNC and (THP
     * compiled in) MAP_STACK to their VM_ flags.
     */
    public static long calcVmFlagBits(long mapFlags, boolean thpCompiled) {
        return ((mapFlags & Mman.MAP_GROWSDOWN) != 0 ? VM_GROWSDOWN : 0)
                | ((mapFlags & Mman.MAP_LOCKED) != 0 ? VM_LOCKED : 0) | ((mapFlags & Mman.MAP_SYNC) != 0 ? VM_SYNC : 0)
                | (thpCompiled && (mapFlags & Mman.MAP_STACK) != 0 ? VM_NOHUGEPAGE : 0);
    }

    /** mm/vma.h: is_exec_mapping — executable, not writable, not stack. */
    public static boolean isExecMapping(long flags) {
        return (flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC;
    }

    /** mm/vma.h: is_stack_mapping — stack or shadow stack. */
    public static boolean isStackMapping(long flags) {
        return (flags & VM_STACK) == VM_STACK || (flags & VM_SHADOW_STACK) != 0;
    }

    /** mm/vma.h: is_data_mapping — private, writable, not stack. */
    public static boolean isDataMapping(long flags) {
        return (flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE;
    }

    /** include/linux/mm.h: vma_is_accessible's test on flags. */
    public static boolean isAccessible(long flags) {
        return (flags & VM_ACCESS_FLAGS) != 0;
    }
}

package dev.folioscope.kernel.mmap;

/**
 * include/uapi/asm-generic/mman-common.h, mman.h, include/uapi/linux/mman.h and
 * arch/x86/include/uapi/asm/mman.h: the constants user space passes to the memory system calls,
 * with formatters for the debugger ("PROT_READ|PROT_WRITE", "MAP_PRIVATE|MAP_ANONYMOUS",
 * "MADV_DONTNEED").
 */
public final class Mman {
    public static final long PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    public static final long PAGE_MASK = ~(PAGE_SIZE - 1);
    /** x86-64 PMD_SIZE: 2 MiB. */
    public static final long PMD_SIZE = 1L << 21;

    public static final int PROT_NONE = 0x0;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int PROT_EXEC = 0x4;
    public static final int PROT_SEM = 0x8;
    public static final int PROT_GROWSDOWN = 0x01000000;
    public static final int PROT_GROWSUP = 0x02000000;

    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_SHARED_VALIDATE = 0x03;
    public static final int MAP_DROPPABLE = 0x08;
    public static final int MAP_TYPE = 0x0f;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_32BIT = 0x40;
    public static final int MAP_ABOVE4G = 0x80;
    public static final int MAP_GROWSDOWN = 0x0100;
    public static final int MAP_DENYWRITE = 0x0800;
    public static final int MAP_EXECUTABLE = 0x1000;
    public static final int MAP_LOCKED = 0x2000;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MAP_POPULATE = 0x008000;
    public static final int MAP_NONBLOCK = 0x010000;
    public static final int MAP_STACK = 0x020000;
    public static final int MAP_HUGETLB = 0x040000;
    public static final int MAP_SYNC = 0x080000;
    public static final int MAP_FIXED_NOREPLACE = 0x100000;
    public static final int MAP_UNINITIALIZED = 0x4000000;
    /** include/linux/mman.h: LEGACY_MAP_MASK (MAP_HUGE_2MB and MAP_HUGE_1GB are 21 and 30 shifted by 26). */
    public static final int LEGACY_MAP_MASK = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE
            | MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE
            | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_32BIT | MAP_ABOVE4G | (21 << 26) | (30 << 26);

    public static final int MREMAP_MAYMOVE = 1;
    public static final int MREMAP_FIXED = 2;
    public static final int MREMAP_DONTUNMAP = 4;

    public static final int MLOCK_ONFAULT = 0x01;

    public static final int MADV_NORMAL = 0;
    public static final int MADV_RANDOM = 1;
    public static final int MADV_SEQUENTIAL = 2;
    public static final int MADV_WILLNEED = 3;
    public static final int MADV_DONTNEED = 4;
    public static final int MADV_FREE = 8;
    public static final int MADV_REMOVE = 9;
    public static final int MADV_DONTFORK = 10;
    public static final int MADV_DOFORK = 11;
    public static final int MADV_MERGEABLE = 12;
    public static final int MADV_UNMERGEABLE = 13;
    public static final int MADV_HUGEPAGE = 14;
    public static final int MADV_NOHUGEPAGE = 15;
    public static final int MADV_DONTDUMP = 16;
    public static final int MADV_DODUMP = 17;
    public static final int MADV_WIPEONFORK = 18;
    public static final int MADV_KEEPONFORK = 19;
    public static final int MADV_COLD = 20;
    public static final int MADV_PAGEOUT = 21;
    public static final int MADV_POPULATE_READ = 22;
    public static final int MADV_POPULATE_WRITE = 23;
    public static final int MADV_DONTNEED_LOCKED = 24;
    public static final int MADV_COLLAPSE = 25;
    public static final int MADV_HWPOISON = 100;
    public static final int MADV_SOFT_OFFLINE = 101;
    public static final int MADV_GUARD_INSTALL = 102;
    public static final int MADV_GUARD_REMOVE = 103;

    public static final int OVERCOMMIT_GUESS = 0;
    public static final int OVERCOMMIT_ALWAYS = 1;
    public static final int OVERCOMMIT_NEVER = 2;

    private static final String[] MADV_NAMES = {"MADV_NORMAL", "MADV_RANDOM", "MADV_SEQUENTIAL", "MADV_WILLNEED",
        "MADV_DONTNEED", null, null, null, "MADV_FREE", "MADV_REMOVE", "MADV_DONTFORK", "MADV_DOFORK",
        "MADV_MERGEABLE", "MADV_UNMERGEABLE", "MADV_HUGEPAGE", "MADV_NOHUGEPAGE", "MADV_DONTDUMP", "MADV_DODUMP",
        "MADV_WIPEONFORK", "MADV_KEEPONFORK", "MADV_COLD", "MADV_PAGEOUT", "MADV_POPULATE_READ",
        "MADV_POPULATE_WRITE", "MADV_DONTNEED_LOCKED", "MADV_COLLAPSE"};

    private Mman() {
    }

    /** PAGE_ALIGN: rounds up to a page (wrapping to 0 past the top, as unsigned arithmetic does). */
    public static long pageAlign(long addr) {
        return (addr + PAGE_SIZE - 1) & PAGE_MASK;
    }

    /** offset_in_page. */
    public static long offsetInPage(long addr) {
        return addr & (PAGE_SIZE - 1);
    }

    /** "PROT_READ|PROT_WRITE", "PROT_NONE". */
    public static String formatProt(long prot) {
        if (prot == 0) {
            return "PROT_NONE";
        }
        return bits(prot, new long[] {PROT_READ, PROT_WRITE, PROT_EXEC, PROT_SEM, PROT_GROWSDOWN, PROT_GROWSUP},
                new String[] {"PROT_READ", "PROT_WRITE", "PROT_EXEC", "PROT_SEM", "PROT_GROWSDOWN", "PROT_GROWSUP"});
    }

    /** "MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED": the type first, then each flag. */
    public static String formatMapFlags(long flags) {
        String type = switch ((int) (flags & MAP_TYPE)) {
            case 0 -> "";
            case MAP_SHARED -> "MAP_SHARED";
            case MAP_PRIVATE -> "MAP_PRIVATE";
            case MAP_SHARED_VALIDATE -> "MAP_SHARED_VALIDATE";
            case MAP_DROPPABLE -> "MAP_DROPPABLE";
            default -> "MAP_TYPE_0x" + Long.toHexString(flags & MAP_TYPE);
        };
        String rest = bits(flags & ~MAP_TYPE, new long[] {MAP_FIXED, MAP_ANONYMOUS, MAP_32BIT, MAP_ABOVE4G,
            MAP_GROWSDOWN, MAP_DENYWRITE, MAP_EXECUTABLE, MAP_LOCKED, MAP_NORESERVE, MAP_POPULATE, MAP_NONBLOCK,
            MAP_STACK, MAP_HUGETLB, MAP_SYNC, MAP_FIXED_NOREPLACE, MAP_UNINITIALIZED},
                new String[] {"MAP_FIXED", "MAP_ANONYMOUS", "MAP_32BIT", "MAP_ABOVE4G", "MAP_GROWSDOWN",
                    "MAP_DENYWRITE", "MAP_EXECUTABLE", "MAP_LOCKED", "MAP_NORESERVE", "MAP_POPULATE", "MAP_NONBLOCK",
                    "MAP_STACK", "MAP_HUGETLB", "MAP_SYNC", "MAP_FIXED_NOREPLACE", "MAP_UNINITIALIZED"});
        if (rest.equals("0")) {
            return type.isEmpty() ? "0" : type;
        }
        return type.isEmpty() ? rest : type + "|" + rest;
    }

    /** "MREMAP_MAYMOVE|MREMAP_FIXED", "0". */
    public static String formatMremapFlags(long flags) {
        return bits(flags, new long[] {MREMAP_MAYMOVE, MREMAP_FIXED, MREMAP_DONTUNMAP},
                new String[] {"MREMAP_MAYMOVE", "MREMAP_FIXED", "MREMAP_DONTUNMAP"});
    }

    /** "MADV_DONTNEED"; "MADV_GUARD_INSTALL"; "madvise 99" for a value with no name. */
    public static String madviseName(long behavior) {
        if (behavior >= 0 && behavior < MADV_NAMES.length && MADV_NAMES[(int) behavior] != null) {
            return MADV_NAMES[(int) behavior];
        }
        return switch ((int) behavior) {
            case MADV_HWPOISON -> "MADV_HWPOISON";
            case MADV_SOFT_OFFLINE -> "MADV_SOFT_OFFLINE";
            case MADV_GUARD_INSTALL -> "MADV_GUARD_INSTALL";
            case MADV_GUARD_REMOVE -> "MADV_GUARD_REMOVE";
            default -> "madvise " + behavior;
        };
    }

    private static String bits(long v, long[] masks, String[] names) {
        StringBuilder sb = new StringBuilder();
        long left = v;
        for (int i = 0; i < masks.length; i++) {
            if ((v & masks[i]) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(names[i]);
                left &= ~masks[i];
            }
        }
        if (left != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(left));
        }
        return sb.isEmpty() ? "0" : sb.toString();
    }
}

package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.mmap.VmFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * The text the conformance kit's kstate_dump prints (src/test/resources/conformance/kstate.h):
 * the VMAs of a window of a process's address space as page offsets and permissions, the main
 * smaps counters of each, and one line per resident or swapped page with its pagemap bits, its
 * frame (numbered in order of first appearance in this process's dumps, so that runs compare),
 * kpagecount and kpageflags names. Golden files recorded on a real kernel and this text compare
 * line for line.
 */
public final class Kstate {
    private static final long PAGE_SIZE = 4096;
    /** The names kstate.h gives kpageflags bits, by bit. */
    private static final String[] FLAG_NAMES = new String[64];

    static {
        String[][] names = {{"0", "locked"}, {"2", "referenced"}, {"3", "uptodate"}, {"4", "dirty"}, {"5", "lru"},
            {"6", "active"}, {"7", "slab"}, {"8", "writeback"}, {"9", "reclaim"}, {"10", "buddy"}, {"11", "mmap"},
            {"12", "anon"}, {"13", "swapcache"}, {"14", "swapbacked"}, {"15", "compound_head"},
            {"16", "compound_tail"}, {"17", "huge"}, {"18", "unevictable"}, {"21", "ksm"}, {"22", "thp"},
            {"24", "zero_page"}, {"25", "idle"}, {"26", "pgtable"}, {"33", "mlocked"},
            {"34", "mappedtodisk_or_anon_exclusive"}, {"35", "private"}};
        for (String[] n : names) {
            FLAG_NAMES[Integer.parseInt(n[0])] = n[1];
        }
    }

    /**
     * A process's frame numbering: pfns in order of first appearance. A forked child starts with a
     * copy of its parent's, as the harness's static table is copied by fork.
     */
    public static final class Frames {
        private final List<Long> pfns;

        public Frames() {
            pfns = new ArrayList<>();
        }

        private Frames(Frames o) {
            pfns = new ArrayList<>(o.pfns);
        }

        public Frames copy() {
            return new Frames(this);
        }

        int frame(long pfn) {
            int i = pfns.indexOf(pfn);
            if (i >= 0) {
                return i;
            }
            pfns.add(pfn);
            return pfns.size() - 1;
        }
    }

    private Kstate() {
    }

    /**
     * What a case asks kstate.h to print besides the default.
     *
     * @param showProtNone kstate_show_prot_none: ---p VMAs too
     * @param vmpteBaseKb kstate_show_vmpte: each dump ends with "vmpte N kB", VmPTE (the mm's
     *     pgtables_bytes in kB) minus this; empty for no such line
     */
    public record Options(boolean showProtNone, java.util.OptionalLong vmpteBaseKb) {
        public static final Options DEFAULT = new Options(false, java.util.OptionalLong.empty());
    }

    /**
     * kstate_dump_window: {@code label} and {@code who} head the dump; the window is
     * {@code npages} pages from {@code base}.
     */
    public static String dump(Kernel k, Mm mm, long base, long npages, String label, String who, Frames frames,
            Options options) {
        StringBuilder sb = new StringBuilder();
        sb.append("== ").append(label).append(" (").append(who).append(")\n");
        long hi = base + npages * PAGE_SIZE;
        for (Vma v : mm.vmas()) {
            String perms = VmFlags.perms(v.flags());
            if (v.start() < base || v.end() > hi || perms.equals("---p") && !options.showProtNone()) {
                continue;
            }
            sb.append("vma ").append((v.start() - base) / PAGE_SIZE).append('-').append((v.end() - base) / PAGE_SIZE)
                    .append(' ').append(perms).append('\n');
            Smaps.Stats s = Smaps.of(k, mm, v);
            kb(sb, "Rss:", s.resident());
            kb(sb, "Pss:", s.pssBytes());
            kb(sb, "Shared_Clean:", s.sharedClean());
            kb(sb, "Shared_Dirty:", s.sharedDirty());
            kb(sb, "Private_Clean:", s.privateClean());
            kb(sb, "Private_Dirty:", s.privateDirty());
            kb(sb, "Referenced:", s.referenced());
            kb(sb, "Anonymous:", s.anonymous());
            kb(sb, "AnonHugePages:", s.anonHugePages());
            kb(sb, "Swap:", s.swap());
            kb(sb, "Locked:", s.lockedBytes());
        }
        for (long p = 0; p < npages; p++) {
            long e = Pagemap.entry(k, mm, base + p * PAGE_SIZE);
            if ((e & (Pagemap.PM_PRESENT | Pagemap.PM_SWAP)) == 0) {
                continue;
            }
            long pfn = e & Pagemap.PM_PFRAME_MASK;
            sb.append("page ").append(p).append(pageLine(k, e, "frame=" + frames.frame(pfn))).append('\n');
        }
        if (options.vmpteBaseKb().isPresent()) {
            sb.append("vmpte ").append(vmpteKb(mm) - options.vmpteBaseKb().getAsLong()).append(" kB\n");
        }
        return sb.toString();
    }

    /**
     * " present=1 swapped=0 exclusive=1 file_or_shared=0" for a pagemap entry, then for a present
     * page (pfn above 0) the frame as {@code frame} says, kpagecount and the kpageflags names.
     */
    static String pageLine(Kernel k, long e, String frame) {
        boolean present = (e & Pagemap.PM_PRESENT) != 0;
        StringBuilder sb = new StringBuilder();
        sb.append(" present=").append(present ? 1 : 0).append(" swapped=").append((e & Pagemap.PM_SWAP) != 0 ? 1 : 0)
                .append(" exclusive=").append((e & Pagemap.PM_MMAP_EXCLUSIVE) != 0 ? 1 : 0).append(" file_or_shared=")
                .append((e & Pagemap.PM_FILE) != 0 ? 1 : 0);
        long pfn = e & Pagemap.PM_PFRAME_MASK;
        if (present && pfn != 0) {
            sb.append(' ').append(frame).append(" mapcount=").append(KpageFlags.count(k, (int) pfn)).append(" flags=")
                    .append(flagNames(KpageFlags.of(k, (int) pfn)));
        }
        return sb.toString();
    }

    /** fs/proc/task_mmu.c: task_mem's VmPTE, the mm's pgtables_bytes in kB. */
    public static long vmpteKb(Mm mm) {
        return mm.pgtablesBytes() >> 10;
    }

    private static void kb(StringBuilder sb, String key, long bytes) {
        sb.append("  ").append(key).append(' ').append(bytes >> 10).append(" kB\n");
    }

    private static String flagNames(long flags) {
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < 64; b++) {
            if (FLAG_NAMES[b] != null && (flags >>> b & 1) != 0) {
                sb.append(sb.isEmpty() ? "" : ",").append(FLAG_NAMES[b]);
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}

package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.mmap.Mm;

/**
 * The memory lines of /proc/PID/status (fs/proc/task_mmu.c: task_mem), VmPeak to HugetlbPages,
 * in kB, each number right-aligned in eight columns. The other lines of the file (Name, State,
 * the ids, signals, capabilities) are not memory management's and are not produced.
 */
public final class Status {
    private static final int PAGE_SHIFT = 12;
    private static final long PAGE_MASK = ~((1L << PAGE_SHIFT) - 1);

    private Status() {
    }

    public static String render(Mm mm) {
        long anon = mm.rssStat(Mm.MM_ANONPAGES);
        long file = mm.rssStat(Mm.MM_FILEPAGES);
        long shmem = mm.rssStat(Mm.MM_SHMEMPAGES);
        long totalRss = anon + file + shmem;
        long text = Math.min(((mm.endCode() + ~PAGE_MASK) & PAGE_MASK) - (mm.startCode() & PAGE_MASK),
                mm.execVm() << PAGE_SHIFT);
        long lib = (mm.execVm() << PAGE_SHIFT) - text;
        StringBuilder sb = new StringBuilder();
        pages(sb, "VmPeak", Math.max(mm.totalVm(), mm.hiwaterVm()));
        pages(sb, "VmSize", mm.totalVm());
        pages(sb, "VmLck", mm.lockedVm());
        pages(sb, "VmPin", mm.pinnedVm());
        pages(sb, "VmHWM", Math.max(totalRss, mm.hiwaterRss()));
        pages(sb, "VmRSS", totalRss);
        pages(sb, "RssAnon", anon);
        pages(sb, "RssFile", file);
        pages(sb, "RssShmem", shmem);
        pages(sb, "VmData", mm.dataVm());
        pages(sb, "VmStk", mm.stackVm());
        kb(sb, "VmExe", text >> 10);
        kb(sb, "VmLib", lib >> 10);
        kb(sb, "VmPTE", mm.pgtablesBytes() >> 10);
        pages(sb, "VmSwap", mm.rssStat(Mm.MM_SWAPENTS));
        kb(sb, "HugetlbPages", 0);
        return sb.toString();
    }

    private static void pages(StringBuilder sb, String key, long pages) {
        kb(sb, key, pages << (PAGE_SHIFT - 10));
    }

    private static void kb(StringBuilder sb, String key, long kb) {
        sb.append(key).append(":\t").append(String.format(java.util.Locale.ROOT, "%8d", kb)).append(" kB\n");
    }
}

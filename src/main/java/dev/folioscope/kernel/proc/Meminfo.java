package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.filemap.DirtyLimits;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneStat;

/**
 * /proc/meminfo (fs/proc/meminfo.c: meminfo_proc_show) in 6.18's order and layout: each name
 * padded to 16 columns, the value right-aligned in 8, in kB. The lines of subsystems the model
 * does not have yet (page cache, swap, slab, vmalloc, hugetlb) print 0, as on a machine that
 * does not use them; DirectMap is the kernel's direct mapping of the machine's memory laid out
 * as x86-64 does when it can (the first 2 MiB in 4 kB pages, the rest of the first GiB in
 * 2 MiB pages, then 1 GiB pages).
 */
public final class Meminfo {
    private static final long VMALLOC_TOTAL_KB = 34359738367L;

    private Meminfo() {
    }

    public static String render(Kernel k) {
        long totalram = 0;
        long free = 0;
        long wmarkLow = 0;
        long spannedPages = 0;
        for (Zone z : k.node().zones()) {
            totalram += z.managedPages();
            free += z.freePages();
            wmarkLow += z.watermark(Watermark.LOW);
            spannedPages = Math.max(spannedPages, z.zoneEndPfn());
        }
        var lru = k.node().lruvec();
        long activeAnon = lru.size(LruList.ACTIVE_ANON);
        long inactiveAnon = lru.size(LruList.INACTIVE_ANON);
        long activeFile = lru.size(LruList.ACTIVE_FILE);
        long inactiveFile = lru.size(LruList.INACTIVE_FILE);
        long pagecache = activeFile + inactiveFile;
        long available = Math.max(0, free - DirtyLimits.totalreservePages(k.node()) + pagecache - Math.min(pagecache / 2, wmarkLow));
        StringBuilder sb = new StringBuilder();
        kb(sb, "MemTotal:", totalram);
        kb(sb, "MemFree:", free);
        kb(sb, "MemAvailable:", available);
        kb(sb, "Buffers:", 0);
        // si_meminfo's cached: NR_FILE_PAGES less the swap cache (kept apart here) and buffers (none)
        kb(sb, "Cached:", k.node().stat(NodeStat.NR_FILE_PAGES));
        kb(sb, "SwapCached:", k.node().stat(NodeStat.NR_SWAPCACHE));
        kb(sb, "Active:", activeAnon + activeFile);
        kb(sb, "Inactive:", inactiveAnon + inactiveFile);
        kb(sb, "Active(anon):", activeAnon);
        kb(sb, "Inactive(anon):", inactiveAnon);
        kb(sb, "Active(file):", activeFile);
        kb(sb, "Inactive(file):", inactiveFile);
        kb(sb, "Unevictable:", lru.size(LruList.UNEVICTABLE));
        kb(sb, "Mlocked:", k.node().zoneStatSum(ZoneStat.NR_MLOCK));
        kb(sb, "SwapTotal:", k.swapInfo().pages());
        kb(sb, "SwapFree:", k.swapInfo().nrSwapPages());
        for (String zero : new String[] {"Zswap:", "Zswapped:"}) {
            kb(sb, zero, 0);
        }
        kb(sb, "Dirty:", k.node().stat(NodeStat.NR_FILE_DIRTY));
        kb(sb, "Writeback:", k.node().stat(NodeStat.NR_WRITEBACK));
        kb(sb, "AnonPages:", k.node().stat(NodeStat.NR_ANON_MAPPED));
        kb(sb, "Mapped:", k.node().stat(NodeStat.NR_FILE_MAPPED));
        kb(sb, "Shmem:", k.node().stat(NodeStat.NR_SHMEM));
        for (String zero : new String[] {"KReclaimable:", "Slab:", "SReclaimable:", "SUnreclaim:",
            "KernelStack:"}) {
            kb(sb, zero, 0);
        }
        kb(sb, "PageTables:", k.node().stat(NodeStat.NR_PAGETABLE));
        for (String zero : new String[] {"SecPageTables:", "NFS_Unstable:", "Bounce:", "WritebackTmp:"}) {
            kb(sb, zero, 0);
        }
        kb(sb, "CommitLimit:", k.mmapState().commitLimit(totalram, k.swapInfo().pages()));
        kb(sb, "Committed_AS:", k.mmapState().committedAs());
        line(sb, "VmallocTotal:", VMALLOC_TOTAL_KB, " kB");
        for (String zero : new String[] {"VmallocUsed:", "VmallocChunk:", "Percpu:", "AnonHugePages:",
            "ShmemHugePages:", "ShmemPmdMapped:", "FileHugePages:", "FilePmdMapped:", "Balloon:"}) {
            kb(sb, zero, 0);
        }
        for (String zero : new String[] {"HugePages_Total:", "HugePages_Free:", "HugePages_Rsvd:",
            "HugePages_Surp:"}) {
            line(sb, zero, 0, "");
        }
        line(sb, "Hugepagesize:", 2048, " kB");
        kb(sb, "Hugetlb:", 0);
        long ramKb = spannedPages * 4;
        long map4k = Math.min(ramKb, 2048);
        long map2m = Math.min(ramKb, 1 << 20) - map4k;
        line(sb, "DirectMap4k:", map4k, " kB");
        line(sb, "DirectMap2M:", map2m + (ramKb > 1 << 20 ? (ramKb - (1 << 20)) % (1 << 20) : 0), " kB");
        line(sb, "DirectMap1G:", ramKb > 1 << 20 ? (ramKb - (1 << 20)) / (1 << 20) * (1 << 20) : 0, " kB");
        return sb.toString();
    }

    private static void kb(StringBuilder sb, String name, long pages) {
        line(sb, name, pages * 4, " kB");
    }

    private static void line(StringBuilder sb, String name, long value, String unit) {
        sb.append(name).append(" ".repeat(Math.max(0, 16 - name.length())))
                .append(String.format(java.util.Locale.ROOT, "%8d", value)).append(unit).append('\n');
    }
}

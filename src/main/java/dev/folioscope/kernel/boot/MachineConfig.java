package dev.folioscope.kernel.boot;

import dev.folioscope.kernel.mmzone.ZoneType;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated machine as firmware and the command line would describe it to mm_init: one
 * node, its zones' page counts, CPUs and the vm sysctls that shape the allocator.
 *
 * @param zones one entry per zone type in {@link ZoneType} order, empty zones included
 * @param cpus number of online CPUs (per-cpu pagesets; at least 1)
 * @param sysctl the vm.* sysctls
 * @param thp transparent_hugepage mode; anything but {@code NEVER} raises min_free_kbytes to
 *     khugepaged's recommendation, as mm/khugepaged.c: set_recommended_min_free_kbytes does
 * @param paging 4- or 5-level page tables: every mm of the machine has that many levels
 * @param swapBytes the size of the swap file enabled at boot (swapon), 0 for none
 * @param readAheadKb the disk's /sys/block/DEV/queue/read_ahead_kb: each file's ra_pages is a
 *     quarter of it (VM_READAHEAD_PAGES, 128 KiB, by default)
 */
public record MachineConfig(List<ZoneConfig> zones, int cpus, Sysctl sysctl, ThpMode thp, PagingMode paging,
        long swapBytes, int readAheadKb) {
    /** VM_READAHEAD_PAGES in KiB: a block device's read_ahead_kb unless its driver sets another. */
    public static final int DEFAULT_READ_AHEAD_KB = 128;

    /** Page size of x86-64 with 4 KiB pages. */
    public static final long PAGE_SIZE = 4096;

    public MachineConfig {
        zones = List.copyOf(zones);
        if (zones.size() != ZoneType.COUNT) {
            throw new IllegalArgumentException("expected " + ZoneType.COUNT + " zones, got " + zones.size());
        }
        if (paging == null) {
            throw new IllegalArgumentException("no paging mode");
        }
        if (swapBytes < 0 || swapBytes % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("swap of " + swapBytes + " bytes: expected a multiple of 4K");
        }
        if (readAheadKb < 4 || readAheadKb % 4 != 0) {
            throw new IllegalArgumentException("read_ahead_kb " + readAheadKb + ": expected a multiple of 4, at least 4");
        }
    }

    /** A machine without swap, its disk reading ahead the default 128 KiB. */
    public MachineConfig(List<ZoneConfig> zones, int cpus, Sysctl sysctl, ThpMode thp, PagingMode paging) {
        this(zones, cpus, sysctl, thp, paging, 0, DEFAULT_READ_AHEAD_KB);
    }

    /** file_ra_state.ra_pages of every file: the disk's read_ahead_kb in pages. */
    public int raPages() {
        return readAheadKb / 4;
    }

    /**
     * vm.page-cluster: the scenario's, or what swap_setup (mm/swap.c) picks at boot: 2 when the
     * managed memory (totalram_pages) is under 16 MiB, else 3.
     */
    public int pageCluster() {
        if (sysctl.pageCluster() != null) {
            return sysctl.pageCluster();
        }
        long totalram = zones.stream().mapToLong(ZoneConfig::managed).sum();
        return (totalram >> 8) < 16 ? 2 : 3;
    }

    /** A machine with 4-level paging, as the development machines have (their CPUs lack LA57). */
    public MachineConfig(List<ZoneConfig> zones, int cpus, Sysctl sysctl, ThpMode thp) {
        this(zones, cpus, sysctl, thp, PagingMode.FOUR_LEVEL);
    }

    /** A zone as mm_init sizes it: pfns [startPfn, startPfn + spanned), some holes, some reserved. */
    public record ZoneConfig(ZoneType type, long startPfn, long spanned, long present, long managed) {
        public ZoneConfig {
            if (spanned < 0 || present < 0 || managed < 0 || startPfn < 0) {
                throw new IllegalArgumentException(type.kernelName() + ": page counts must not be negative");
            }
            if (present > spanned || managed > present) {
                throw new IllegalArgumentException(type.kernelName()
                        + ": expected managed <= present <= spanned, got managed " + managed
                        + ", present " + present + ", spanned " + spanned);
            }
        }

        public long endPfn() {
            return startPfn + spanned;
        }

        public static ZoneConfig empty(ZoneType type) {
            return new ZoneConfig(type, 0, 0, 0, 0);
        }
    }

    /**
     * The vm.* sysctls the model reads: the page allocator's, reclaim's and swap's.
     *
     * @param minFreeKbytes vm.min_free_kbytes as set by the user, or {@code null} for the value
     *     the kernel computes at boot (mm/page_alloc.c: calculate_min_free_kbytes)
     * @param lowmemReserveRatio one ratio per zone type, vm.lowmem_reserve_ratio
     * @param percpuPagelistHighFraction vm.percpu_pagelist_high_fraction: 0 lets the per-cpu
     *     pagesets size themselves from the low watermark (and tune their high between high_min and
     *     high_max); a value of at least 8 fixes high_min = high_max = managed pages / fraction / CPUs
     * @param swappiness vm.swappiness, 0..200
     * @param compactionProactiveness vm.compaction_proactiveness, 0..100: how low kcompactd keeps the
     *     node's fragmentation score (0 turns proactive compaction off)
     * @param extfragThreshold vm.extfrag_threshold, 0..1000: the fragmentation index above which a
     *     failed costly allocation is blamed on fragmentation and compaction is worth it
     * @param pageCluster vm.page-cluster: swap readahead windows of at most 2^pageCluster pages
     *     (VMA readahead caps it at 2^5; 0 reads only the faulting page), or {@code null} for the
     *     value the kernel picks at boot (mm/swap.c: swap_setup)
     */
    public record Sysctl(Integer minFreeKbytes, int watermarkScaleFactor, int watermarkBoostFactor,
            List<Integer> lowmemReserveRatio, int percpuPagelistHighFraction, int swappiness,
            int compactionProactiveness, int extfragThreshold, Integer pageCluster) {
        public static final List<Integer> DEFAULT_LOWMEM_RESERVE_RATIO = List.of(256, 256, 32, 0, 0);
        /** vm.swappiness's default. */
        public static final int DEFAULT_SWAPPINESS = 60;
        /** vm.compaction_proactiveness's default. */
        public static final int DEFAULT_COMPACTION_PROACTIVENESS = 20;
        /** vm.extfrag_threshold's default. */
        public static final int DEFAULT_EXTFRAG_THRESHOLD = 500;
        /** page_cluster_max (mm/swap.c): the sysctl's top. */
        public static final int PAGE_CLUSTER_MAX = 31;

        public Sysctl {
            lowmemReserveRatio = List.copyOf(lowmemReserveRatio);
        }

        /** The allocator's sysctls; reclaim's, compaction's and swap's at their defaults. */
        public Sysctl(Integer minFreeKbytes, int watermarkScaleFactor, int watermarkBoostFactor,
                List<Integer> lowmemReserveRatio, int percpuPagelistHighFraction) {
            this(minFreeKbytes, watermarkScaleFactor, watermarkBoostFactor, lowmemReserveRatio,
                    percpuPagelistHighFraction, DEFAULT_SWAPPINESS, DEFAULT_COMPACTION_PROACTIVENESS,
                    DEFAULT_EXTFRAG_THRESHOLD, null);
        }

        /**
         * The defaults of a 6.18 kernel (scale factor 10, boost factor 15000, high fraction 0, swappiness 60,
         * compaction proactiveness 20, extfrag threshold 500, page-cluster as swap_setup picks it).
         */
        public static Sysctl defaults() {
            return new Sysctl(null, 10, 15000, DEFAULT_LOWMEM_RESERVE_RATIO, 0);
        }
    }

    /** /sys/kernel/mm/transparent_hugepage/enabled. */
    public enum ThpMode {
        ALWAYS, MADVISE, NEVER
    }

    /**
     * x86-64 paging as the kernel sets it up at boot: 5-level (LA57, 57-bit virtual addresses)
     * when the CPU has la57 and no5lvl is not on the command line, else 4-level (48-bit).
     * arch/x86/boot/startup/map_kernel.c: check_la57_support decides it once, and
     * pgtable_l5_enabled() reports it.
     */
    public enum PagingMode {
        FOUR_LEVEL("4-level"), FIVE_LEVEL("5-level");

        private final String label;

        PagingMode(String label) {
            this.label = label;
        }

        /** "4-level" or "5-level", as the scenario format's machine.paging spells it. */
        public String label() {
            return label;
        }

        /** pgtable_l5_enabled(). */
        public boolean l5() {
            return this == FIVE_LEVEL;
        }
    }

    /**
     * A machine of {@code bytes} of RAM starting at pfn 0 with no holes and nothing reserved,
     * split at the x86-64 zone boundaries (arch/x86/mm/init.c: zone_sizes_init): DMA below
     * 16 MiB, DMA32 below 4 GiB, Normal above. A simplification of real firmware maps, which
     * reserve pfn 0 and leave holes; use explicit zones to model those.
     */
    public static List<ZoneConfig> zonesForMemory(long bytes) {
        long maxPfn = bytes / PAGE_SIZE;
        List<ZoneConfig> zones = new ArrayList<>();
        long start = 0;
        for (ZoneType type : ZoneType.values()) {
            long end = Math.min(maxPfn, type.maxPfn());
            long spanned = Math.max(0, end - start);
            zones.add(spanned == 0 ? ZoneConfig.empty(type) : new ZoneConfig(type, start, spanned, spanned, spanned));
            start = Math.max(start, end);
        }
        return zones;
    }
}

package dev.folioscope.kernel.mmzone;

/**
 * include/linux/vm_event_item.h: enum vm_event_item, the VM event counters /proc/vmstat prints
 * after the page counters, with the items of a 6.18 x86-64 kernel configured as the development
 * machines are (ZONE_DMA, ZONE_DMA32, ZONE_DEVICE, NUMA, NUMA balancing, migration, compaction,
 * hugetlb, THP with PUD support, balloon compaction, swap, KSM, zswap; no CMA, no
 * DEBUG_TLBFLUSH, no PER_VMA_LOCK_STATS, no DEBUG_STACK_USAGE): exactly the lines, in the order,
 * that mm/vmstat.c's vmstat_text[] gives such a kernel.
 *
 * <p>The model counts the events of the mechanisms it has, where the kernel counts them (each
 * place cites the kernel function); the others stay 0 (see {@link PglistData#vmEvents}).
 */
public enum VmEvent {
    PGPGIN("pgpgin"), PGPGOUT("pgpgout"), PSWPIN("pswpin"), PSWPOUT("pswpout"),
    // Per zone, in zone_type order (FOR_ALL_ZONES): see {@link #forZone}.
    PGALLOC_DMA("pgalloc_dma"), PGALLOC_DMA32("pgalloc_dma32"), PGALLOC_NORMAL("pgalloc_normal"),
    PGALLOC_MOVABLE("pgalloc_movable"), PGALLOC_DEVICE("pgalloc_device"), ALLOCSTALL_DMA("allocstall_dma"),
    ALLOCSTALL_DMA32("allocstall_dma32"), ALLOCSTALL_NORMAL("allocstall_normal"),
    ALLOCSTALL_MOVABLE("allocstall_movable"), ALLOCSTALL_DEVICE("allocstall_device"), PGSCAN_SKIP_DMA("pgskip_dma"),
    PGSCAN_SKIP_DMA32("pgskip_dma32"), PGSCAN_SKIP_NORMAL("pgskip_normal"), PGSCAN_SKIP_MOVABLE("pgskip_movable"),
    PGSCAN_SKIP_DEVICE("pgskip_device"),
    PGFREE("pgfree"), PGACTIVATE("pgactivate"), PGDEACTIVATE("pgdeactivate"), PGLAZYFREE("pglazyfree"),
    PGFAULT("pgfault"), PGMAJFAULT("pgmajfault"), PGLAZYFREED("pglazyfreed"), PGREFILL("pgrefill"),
    PGREUSE("pgreuse"), PGSTEAL_KSWAPD("pgsteal_kswapd"), PGSTEAL_DIRECT("pgsteal_direct"),
    PGSTEAL_KHUGEPAGED("pgsteal_khugepaged"), PGSTEAL_PROACTIVE("pgsteal_proactive"),
    PGSCAN_KSWAPD("pgscan_kswapd"), PGSCAN_DIRECT("pgscan_direct"), PGSCAN_KHUGEPAGED("pgscan_khugepaged"),
    PGSCAN_PROACTIVE("pgscan_proactive"), PGSCAN_DIRECT_THROTTLE("pgscan_direct_throttle"),
    PGSCAN_ANON("pgscan_anon"), PGSCAN_FILE("pgscan_file"), PGSTEAL_ANON("pgsteal_anon"),
    PGSTEAL_FILE("pgsteal_file"), PGSCAN_ZONE_RECLAIM_SUCCESS("zone_reclaim_success"),
    PGSCAN_ZONE_RECLAIM_FAILED("zone_reclaim_failed"), PGINODESTEAL("pginodesteal"), SLABS_SCANNED("slabs_scanned"),
    KSWAPD_INODESTEAL("kswapd_inodesteal"), KSWAPD_LOW_WMARK_HIT_QUICKLY("kswapd_low_wmark_hit_quickly"),
    KSWAPD_HIGH_WMARK_HIT_QUICKLY("kswapd_high_wmark_hit_quickly"), PAGEOUTRUN("pageoutrun"),
    PGROTATED("pgrotated"), DROP_PAGECACHE("drop_pagecache"), DROP_SLAB("drop_slab"), OOM_KILL("oom_kill"),
    NUMA_PTE_UPDATES("numa_pte_updates"), NUMA_HUGE_PTE_UPDATES("numa_huge_pte_updates"),
    NUMA_HINT_FAULTS("numa_hint_faults"), NUMA_HINT_FAULTS_LOCAL("numa_hint_faults_local"),
    NUMA_PAGE_MIGRATE("numa_pages_migrated"), PGMIGRATE_SUCCESS("pgmigrate_success"),
    PGMIGRATE_FAIL("pgmigrate_fail"), THP_MIGRATION_SUCCESS("thp_migration_success"),
    THP_MIGRATION_FAIL("thp_migration_fail"), THP_MIGRATION_SPLIT("thp_migration_split"),
    COMPACTMIGRATE_SCANNED("compact_migrate_scanned"), COMPACTFREE_SCANNED("compact_free_scanned"),
    COMPACTISOLATED("compact_isolated"), COMPACTSTALL("compact_stall"), COMPACTFAIL("compact_fail"),
    COMPACTSUCCESS("compact_success"), KCOMPACTD_WAKE("compact_daemon_wake"),
    KCOMPACTD_MIGRATE_SCANNED("compact_daemon_migrate_scanned"),
    KCOMPACTD_FREE_SCANNED("compact_daemon_free_scanned"), HTLB_BUDDY_PGALLOC("htlb_buddy_alloc_success"),
    HTLB_BUDDY_PGALLOC_FAIL("htlb_buddy_alloc_fail"), UNEVICTABLE_PGCULLED("unevictable_pgs_culled"),
    UNEVICTABLE_PGSCANNED("unevictable_pgs_scanned"), UNEVICTABLE_PGRESCUED("unevictable_pgs_rescued"),
    UNEVICTABLE_PGMLOCKED("unevictable_pgs_mlocked"), UNEVICTABLE_PGMUNLOCKED("unevictable_pgs_munlocked"),
    UNEVICTABLE_PGCLEARED("unevictable_pgs_cleared"), UNEVICTABLE_PGSTRANDED("unevictable_pgs_stranded"),
    THP_FAULT_ALLOC("thp_fault_alloc"), THP_FAULT_FALLBACK("thp_fault_fallback"),
    THP_FAULT_FALLBACK_CHARGE("thp_fault_fallback_charge"), THP_COLLAPSE_ALLOC("thp_collapse_alloc"),
    THP_COLLAPSE_ALLOC_FAILED("thp_collapse_alloc_failed"), THP_FILE_ALLOC("thp_file_alloc"),
    THP_FILE_FALLBACK("thp_file_fallback"), THP_FILE_FALLBACK_CHARGE("thp_file_fallback_charge"),
    THP_FILE_MAPPED("thp_file_mapped"), THP_SPLIT_PAGE("thp_split_page"),
    THP_SPLIT_PAGE_FAILED("thp_split_page_failed"), THP_DEFERRED_SPLIT_PAGE("thp_deferred_split_page"),
    THP_UNDERUSED_SPLIT_PAGE("thp_underused_split_page"), THP_SPLIT_PMD("thp_split_pmd"),
    THP_SCAN_EXCEED_NONE_PTE("thp_scan_exceed_none_pte"), THP_SCAN_EXCEED_SWAP_PTE("thp_scan_exceed_swap_pte"),
    THP_SCAN_EXCEED_SHARED_PTE("thp_scan_exceed_share_pte"), THP_SPLIT_PUD("thp_split_pud"),
    THP_ZERO_PAGE_ALLOC("thp_zero_page_alloc"), THP_ZERO_PAGE_ALLOC_FAILED("thp_zero_page_alloc_failed"),
    THP_SWPOUT("thp_swpout"), THP_SWPOUT_FALLBACK("thp_swpout_fallback"), BALLOON_INFLATE("balloon_inflate"),
    BALLOON_DEFLATE("balloon_deflate"), BALLOON_MIGRATE("balloon_migrate"), SWAP_RA("swap_ra"),
    SWAP_RA_HIT("swap_ra_hit"), SWPIN_ZERO("swpin_zero"), SWPOUT_ZERO("swpout_zero"),
    KSM_SWPIN_COPY("ksm_swpin_copy"), COW_KSM("cow_ksm"), ZSWPIN("zswpin"), ZSWPOUT("zswpout"), ZSWPWB("zswpwb"),
    DIRECT_MAP_LEVEL2_SPLIT("direct_map_level2_splits"), DIRECT_MAP_LEVEL3_SPLIT("direct_map_level3_splits"),
    DIRECT_MAP_LEVEL2_COLLAPSE("direct_map_level2_collapses"),
    DIRECT_MAP_LEVEL3_COLLAPSE("direct_map_level3_collapses");

    private final String vmstatName;

    VmEvent(String vmstatName) {
        this.vmstatName = vmstatName;
    }

    /** Its name in /proc/vmstat (vmstat_text[]). */
    public String vmstatName() {
        return vmstatName;
    }

    /**
     * __count_zid_vm_events' item: the counter of zone {@code zid} in a per-zone group, which
     * FOR_ALL_ZONES lays out in zone_type order from the group's first item.
     *
     * @param first the group's item for ZONE_DMA ({@link #PGALLOC_DMA}, {@link #ALLOCSTALL_DMA},
     *     {@link #PGSCAN_SKIP_DMA})
     */
    public static VmEvent forZone(VmEvent first, int zid) {
        return values()[first.ordinal() + java.util.Objects.checkIndex(zid, ZoneType.COUNT)];
    }
}

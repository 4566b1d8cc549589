package dev.folioscope.kernel.mmzone;

/**
 * include/linux/mmzone.h: enum migratetype with CONFIG_MEMORY_ISOLATION and without CONFIG_CMA,
 * as on the 6.18 development machines (their /proc/pagetypeinfo lists exactly these five).
 */
public enum MigrateType {
    UNMOVABLE("Unmovable"), MOVABLE("Movable"), RECLAIMABLE("Reclaimable"), HIGHATOMIC("HighAtomic"),
    ISOLATE("Isolate");

    /** MIGRATE_TYPES. */
    public static final int COUNT = values().length;
    /** MIGRATE_PCPTYPES: the types with per-cpu lists; also the first type that never merges. */
    public static final int PCPTYPES = 3;

    private static final MigrateType[] VALUES = values();

    private final String procName;

    MigrateType(String procName) {
        this.procName = procName;
    }

    /** migratetype_names[]: the spelling of /proc/pagetypeinfo. */
    public String procName() {
        return procName;
    }

    public static MigrateType of(int mt) {
        return VALUES[mt];
    }

    /** migratetype_is_mergeable: only blocks of the pcp types may merge across pageblocks. */
    public static boolean isMergeable(int mt) {
        return mt < PCPTYPES;
    }
}

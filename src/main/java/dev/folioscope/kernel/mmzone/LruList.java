package dev.folioscope.kernel.mmzone;

/**
 * include/linux/mmzone.h: enum lru_list, the classic LRU lists of a lruvec (the development
 * machines run without MGLRU). A list's index is LRU_BASE + LRU_ACTIVE when active +
 * LRU_FILE when file-backed; the unevictable list comes last.
 */
public enum LruList {
    INACTIVE_ANON("inactive_anon"), ACTIVE_ANON("active_anon"), INACTIVE_FILE("inactive_file"),
    ACTIVE_FILE("active_file"), UNEVICTABLE("unevictable");

    public static final int COUNT = 5;
    private static final LruList[] VALUES = values();

    private final String kernelName;

    LruList(String kernelName) {
        this.kernelName = kernelName;
    }

    public String kernelName() {
        return kernelName;
    }

    public static LruList of(int index) {
        return VALUES[index];
    }

    /** The evictable list for a folio that is file-backed or not, active or not. */
    public static LruList evictable(boolean file, boolean active) {
        return VALUES[(file ? 2 : 0) + (active ? 1 : 0)];
    }
}

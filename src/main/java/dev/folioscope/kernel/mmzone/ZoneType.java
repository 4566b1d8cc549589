package dev.folioscope.kernel.mmzone;

/**
 * include/linux/mmzone.h: enum zone_type for x86-64 with ZONE_DMA, ZONE_DMA32 and ZONE_DEVICE
 * configured (no HIGHMEM), as on the 6.18 development machines: five zones, so zoneinfo's
 * "protection" lists five values.
 */
public enum ZoneType {
    DMA("DMA", 1L << (24 - 12)),
    DMA32("DMA32", 1L << (32 - 12)),
    NORMAL("Normal", Long.MAX_VALUE),
    MOVABLE("Movable", 0),
    DEVICE("Device", 0);

    public static final int COUNT = values().length;

    private final String kernelName;
    private final long maxPfn;

    ZoneType(String kernelName, long maxPfn) {
        this.kernelName = kernelName;
        this.maxPfn = maxPfn;
    }

    /** The name /proc prints ("DMA32", "Normal"). */
    public String kernelName() {
        return kernelName;
    }

    /**
     * The pfn below which this zone ends when memory is laid out by size (MAX_DMA_PFN,
     * MAX_DMA32_PFN); Movable and Device are never filled that way.
     */
    public long maxPfn() {
        return maxPfn;
    }

    /** Looks a zone up by the name /proc prints. */
    public static ZoneType byKernelName(String name) {
        for (ZoneType t : values()) {
            if (t.kernelName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown zone '" + name + "'");
    }
}

package dev.folioscope.kernel.mmzone;

/** include/linux/mmzone.h: enum zone_watermarks, the indices of zone->_watermark[]. */
public enum Watermark {
    MIN, LOW, HIGH, PROMO;

    public static final int COUNT = values().length;

    private static final Watermark[] VALUES = values();

    public static Watermark of(int index) {
        return VALUES[index];
    }

    public String kernelName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

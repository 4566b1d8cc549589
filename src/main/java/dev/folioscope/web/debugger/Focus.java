package dev.folioscope.web.debugger;

/**
 * What the user is looking at besides the step: a zone, a free list (order and migratetype) and
 * a page. Each part may be absent (null).
 *
 * @param zone zone index ({@link dev.folioscope.kernel.mmzone.ZoneType} ordinal), or null
 * @param order buddy order 0..MAX_PAGE_ORDER, or null
 * @param mt migratetype ordinal, or null
 * @param pfn page frame number, or null
 */
record Focus(Integer zone, Integer order, Integer mt, Integer pfn) {
    static final Focus NONE = new Focus(null, null, null, null);

    Focus withZone(Integer z) {
        return new Focus(z, order, mt, pfn);
    }

    Focus withFreeList(int z, int o, int m) {
        return new Focus(z, o, m, pfn);
    }

    Focus withPfn(Integer p) {
        return new Focus(zone, order, mt, p);
    }
}

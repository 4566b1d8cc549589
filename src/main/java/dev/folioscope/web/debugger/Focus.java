package dev.folioscope.web.debugger;

/**
 * What the user is looking at besides the step: a zone, a list of free blocks (an order and a
 * migratetype, on the buddy lists or, with a CPU, on that CPU's per-CPU lists) and a page. Each
 * part may be absent (null).
 *
 * @param zone zone index ({@link dev.folioscope.kernel.mmzone.ZoneType} ordinal), or null
 * @param order block order 0..MAX_PAGE_ORDER, or null
 * @param mt migratetype ordinal, or null
 * @param pfn page frame number, or null
 * @param cpu the CPU whose per-CPU list is focused, or null for the buddy free list
 */
record Focus(Integer zone, Integer order, Integer mt, Integer pfn, Integer cpu) {
    static final Focus NONE = new Focus(null, null, null, null, null);

    Focus withZone(Integer z) {
        return new Focus(z, order, mt, pfn, cpu);
    }

    /** free_area[o].free_list[m] of zone z. */
    Focus withFreeList(int z, int o, int m) {
        return new Focus(z, o, m, pfn, null);
    }

    /** The per-CPU list of CPU c for order o and migratetype m in zone z. */
    Focus withPcpList(int z, int c, int o, int m) {
        return new Focus(z, o, m, pfn, c);
    }

    Focus withPfn(Integer p) {
        return new Focus(zone, order, mt, p, cpu);
    }

    /** Whether a list (buddy or per-CPU) of zone z is focused. */
    boolean listIn(int z) {
        return zone != null && zone == z && order != null && mt != null;
    }
}

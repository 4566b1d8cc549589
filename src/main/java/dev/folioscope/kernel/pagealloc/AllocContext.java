package dev.folioscope.kernel.pagealloc;

import dev.folioscope.kernel.mmzone.Zone;

/**
 * struct alloc_context: what one allocation asks for, fixed when it starts (prepare_alloc_pages).
 *
 * @param highestZoneidx gfp_zone(gfp): the highest zone the request may use
 * @param migratetype gfp_migratetype(gfp), Unmovable when grouping by mobility is off
 * @param preferredZone the first zone of the zonelist the request may use, or null if none
 */
record AllocContext(int gfp, int order, int highestZoneidx, int migratetype, Zone preferredZone) {
}

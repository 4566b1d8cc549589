package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Changes of zone state declared in include/linux/mmzone.h. */
public enum MmzoneEvents implements EventType {
    ZONE_FLAG(Schema.point("zone->flags", "include/linux/mmzone.h").f("zone", ZONE).f("flag", FieldType.ZONE_FLAG)
            .f("set", BOOL)
            .says("{flag} {set?set on|cleared on} zone {zone}.")),
    PGDAT_FLAG(Schema.point("pgdat->flags", "include/linux/mmzone.h").f("flag", PgdatFlag.class).f("set", BOOL)
            .says("{flag} {set?set on|cleared on} the node."));

    private final Schema schema;

    MmzoneEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}

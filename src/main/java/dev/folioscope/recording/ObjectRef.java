package dev.folioscope.recording;

import dev.folioscope.kernel.trace.FieldType;

/**
 * A kernel object an event names through one of its fields (see {@link Event#refs()}).
 *
 * @param kind what the value names: the field type's {@link FieldType#ref()}, never NONE
 * @param field the name of the field that names it
 * @param value the field's value (a pfn, a folio's head pfn, a zone index, a VMA id, a user
 *     address...); never negative
 * @param pid for an {@link FieldType.Ref#ADDRESS}, the pid of the address space the address is
 *     in (see {@link Event#refs()}); -1 for every other kind
 * @param order for a {@link FieldType.Ref#PFN}, the order of the block named: it spans the
 *     2<sup>order</sup> pfns from {@code value}; 0 for every other kind
 */
public record ObjectRef(FieldType.Ref kind, String field, long value, long pid, int order) {
    /** For an address, its virtual page number. */
    public long vpn() {
        return value >>> ObjectIndex.PAGE_SHIFT;
    }
}

package dev.folioscope.kernel.trace;

/**
 * A kind of event: implemented by the enums of {@code kernel.trace.events}, one per kernel source
 * file, each constant carrying its {@link Schema} as a tracepoint definition carries its fields
 * and format.
 */
public interface EventType {
    Schema schema();

    /** The constant's name, e.g. BUDDY_MERGE. */
    String name();

    /** The number that stands for this type in a recording (see {@link EventTypes}). */
    default int id() {
        return EventTypes.id(this);
    }
}

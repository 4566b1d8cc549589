package dev.folioscope.kernel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The event schema is pinned per version, as the recordings are: a change to any type, its order,
 * its fields or their types must come with a new {@link EventTypes#SCHEMA_VERSION} (recordings of
 * the old one are then refused, not misread) and a new pin file, which this test prints.
 */
class EventTypesTest {
    @Test
    void theSchemaIsTheOnePinnedForItsVersion() throws IOException {
        String resource = "/pins/schema-" + EventTypes.SCHEMA_VERSION + ".txt";
        String actual = EventTypes.fingerprint();
        try (InputStream in = EventTypesTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "no " + resource + "; if the schema is new, add it with this content:\n" + actual);
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, "the event schema changed:"
                    + " bump EventTypes.SCHEMA_VERSION and add pins/schema-" + (EventTypes.SCHEMA_VERSION + 1)
                    + ".txt with the new fingerprint");
        }
    }

    @Test
    void everyTypeIsFoundAgainByItsNumber() {
        for (EventType t : EventTypes.all()) {
            assertEquals(t, EventTypes.of(t.id()));
        }
        assertThrows(IllegalArgumentException.class, () -> EventTypes.of(EventTypes.all().size()));
    }

    @Test
    void anEmitterPassingTheWrongNumberOfFieldsIsStopped() {
        Trace trace = new Trace();
        var e = assertThrows(IllegalArgumentException.class, () -> trace.point(PageAllocEvents.BUDDY_MERGE, 0, 1));
        assertEquals("BUDDY_MERGE emitted as a point with 2 fields; its schema declares a call with 5", e.getMessage());
    }
}

package dev.folioscope.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.trace.EventTypes;
import dev.folioscope.kernel.trace.Schema;
import dev.folioscope.recording.RecordingFile.BadRecordingException;
import dev.folioscope.scenario.ScenarioParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recording files whose checksum is valid but whose contents lie are refused with a message
 * naming the file and the problem. Each file is a real recording re-crafted: its payload decoded,
 * one thing changed, compressed again and given a correct CRC.
 */
public class RecordingFileTest {
    private static final String WHERE = "crafted.rec";
    private static final int TYPE = 0;
    private static final int DEPTH = 1;
    private static final int CPU = 2;
    /** Where an event's schema fields start in a crafted event. */
    private static final int FIELDS = 4;

    private static Recording recording;
    private static byte[] good;

    @BeforeAll
    static void record() {
        recording = Recorder.record(Catalog.input(Catalog.shipped("buddy-split-merge")), n -> { });
        good = RecordingFile.toBytes(recording);
    }

    @Test
    void aRecraftedButUnchangedFileReadsBack() throws Exception {
        RecordingFile.Contents c = RecordingFile.parse(WHERE, craft(p -> { }));
        assertEquals(recording.lastStep(), c.events().size());
        assertEquals(recording.input().title(), c.title());
        assertEquals(recording.finalDigest(), c.finalDigest());
    }

    @Test
    void aNegativeEventCountIsRefused() {
        assertRefused(craft(p -> p.count = -1), "announces -1 events; a count cannot be negative");
        assertRefused(craft(p -> p.count = Integer.MIN_VALUE), "a count cannot be negative");
    }

    @Test
    void aCountThePayloadCannotHoldIsRefusedBeforeReadingEvents() {
        int compressed = compressedLength(craft(p -> p.count = 10_000_000));
        assertRefused(craft(p -> p.count = 10_000_000), "announces 10000000 events, more than its " + compressed
                + " compressed bytes can hold");
        assertRefused(craft(p -> p.count = Integer.MAX_VALUE), "announces 2147483647 events, more than the "
                + RecordingFile.MAX_EVENTS + " this build reads");
    }

    @Test
    void aCountAboveTheEventsPresentIsRefused() {
        int n = recording.lastStep();
        // The digest is dropped too, so the extra event finds the payload's end rather than digest bytes.
        assertRefused(craft(p -> {
            p.count = n + 1;
            p.digest = null;
        }), "the payload ends inside event " + (n + 1) + " of the " + (n + 1) + " it announces");
    }

    @Test
    void aCountBelowTheEventsPresentLeavesDataAfterTheDigest() {
        assertRefused(craft(p -> p.count = p.events.size() - 1),
                "unexpected data after the final digest inside the payload");
    }

    @Test
    void anUnknownEventTypeIsRefused() {
        int types = EventTypes.all().size();
        assertRefused(craft(p -> p.events.get(0)[TYPE] = 255),
                "event 1 has an unknown type 255; this build knows types 0 to " + (types - 1));
        assertRefused(craft(p -> p.events.get(1)[TYPE] = types), "event 2 has an unknown type " + types);
    }

    @Test
    void anImpossibleDepthIsRefused() {
        assertRefused(craft(p -> p.events.get(0)[DEPTH] = 1), "event 1 has an impossible depth 1");
        assertRefused(craft(p -> p.events.get(1)[DEPTH] = p.events.get(0)[DEPTH] + 2),
                "event 2 has an impossible depth " + (p0Depth() + 2));
    }

    @Test
    void aDepthBeyondWhatTheLogKeepsIsRefused() {
        assertRefused(craft(p -> {
            long[] first = p.events.get(0);
            p.events.clear();
            for (int d = 0; d <= EventLog.MAX_DEPTH + 1; d++) {
                long[] e = first.clone();
                e[DEPTH] = d;
                p.events.add(e);
            }
            p.count = p.events.size();
        }), "event " + (EventLog.MAX_DEPTH + 2) + " has an impossible depth " + (EventLog.MAX_DEPTH + 1)
                + "; events nest at most " + EventLog.MAX_DEPTH + " deep");
    }

    @Test
    void anImpossibleCpuIsRefused() {
        assertRefused(craft(p -> p.events.get(2)[CPU] = 64), "event 3 runs on an impossible cpu 64; expected 0 to 63");
        assertRefused(craft(p -> p.events.get(2)[CPU] = 255), "event 3 runs on an impossible cpu 255");
    }

    @Test
    void aFieldValueItsTypeCannotHoldIsRefused() {
        int lastZone = ZoneType.COUNT - 1;
        assertRefused(craft(p -> p.set("zone", ZoneType.COUNT)),
                "has an impossible zone " + ZoneType.COUNT + "; expected -1 to " + lastZone);
        assertRefused(craft(p -> p.set("zone", -2)), "has an impossible zone -2");
        assertRefused(craft(p -> p.set("order", 200)), "has an impossible order 200");
        assertRefused(craft(p -> p.set("migratetype", -7)), "has an impossible migratetype -7");
        assertRefused(craft(p -> p.set("tail", 2)), "has an impossible tail 2; expected 0 to 1");
    }

    @Test
    void anotherEventSchemaIsRefusedBeforeItsEventsAreRead() {
        assertRefused(craft(p -> p.schema = EventTypes.SCHEMA_VERSION + 1), "its events follow event schema version "
                + (EventTypes.SCHEMA_VERSION + 1) + ", this build reads version " + EventTypes.SCHEMA_VERSION
                + ": record the scenario again");
    }

    @Test
    void aFileOfAnEarlierFormatSaysToRecordAgain() {
        byte[] old = good.clone();
        ByteBuffer.wrap(old, 8, 4).putInt(RecordingFile.FORMAT_VERSION - 1);
        assertRefused(old, "recording format version " + (RecordingFile.FORMAT_VERSION - 1) + ", but this build reads"
                + " version " + RecordingFile.FORMAT_VERSION);
    }

    @Test
    void anEventBudgetBelowOneIsRefused() {
        assertRefused(craft(p -> p.budget = 0), "the event budget is 0; a budget is at least 1 event");
    }

    @Test
    void aMalformedVarintIsRefused() {
        assertRefused(craft(p -> {
            p.events.clear();
            p.count = 1;
            p.afterEvents = new byte[] {0, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1};
        }), "event 1 has a malformed pid (a varint longer than 10 bytes)");
    }

    @Test
    void aStringLongerThanThePayloadIsRefused() {
        assertRefused(craft(p -> p.announced[2] = 1_000_000),
                "the scenario text is announced as 1000000 bytes but the payload ends after");
        assertRefused(craft(p -> p.announced[1] = RecordingFile.MAX_STRING_BYTES + 1),
                "the scenario title is announced as " + (RecordingFile.MAX_STRING_BYTES + 1) + " bytes; expected 0 to "
                        + RecordingFile.MAX_STRING_BYTES);
        assertRefused(craft(p -> p.announced[0] = -5), "the scenario name is announced as -5 bytes");
    }

    @Test
    void trailingGarbageInsideThePayloadIsRefused() {
        assertRefused(craft(p -> p.trailing = new byte[] {1, 2, 3}),
                "unexpected data after the final digest inside the payload");
    }

    @Test
    void bytesAfterTheCompressedStreamAreRefused() {
        byte[] compressed = deflate(Payload.of(inflate(good)).bytes());
        byte[] longer = Arrays.copyOf(compressed, compressed.length + 2);
        assertRefused(fileOf(longer), "2 unexpected bytes after the end of the compressed payload");
    }

    @Test
    void aCorruptCompressedStreamIsRefused() {
        byte[] compressed = deflate(Payload.of(inflate(good)).bytes());
        compressed[0] = 0; // a zlib header with a bad check value
        assertRefused(fileOf(compressed), "the compressed payload is corrupt");
    }

    @Test
    void aZipBombIsRefusedFromItsCountAlone() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            byte[] bomb = bomb();
            assertTrue(bomb.length < 2_000_000, "the bomb is small: " + bomb.length);
            assertRefused(bomb, "announces " + 1350 * (1 << 20) / RecordingFile.MIN_EVENT_BYTES + " events, more than the "
                    + RecordingFile.MAX_EVENTS
                    + " this build reads");
        }, "a hang guard only: the refusal comes from the count, before any event is inflated");
    }

    @Test
    void whatARerunMustReproduceIsReadFromTheFileAsTheRecordingHasIt() throws Exception {
        RecordingFile.Expected x = RecordingFile.expect(WHERE, good);
        assertEquals(recording.lastStep(), x.events());
        assertEquals(recording.events().digest(), x.eventsDigest());
        assertEquals(recording.finalDigest(), x.finalDigest());
        assertEquals(recording.input().text(), x.text());
    }

    @Test
    void aFileOfTheMostEventsAllowedIsReadForARerunInLittleMemory() throws Exception {
        byte[] file = withPointEvents(good, RecordingFile.MAX_EVENTS);
        assertTrue(file.length < 1 << 20, "a small upload: " + file.length + " bytes");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        RecordingFile.Expected x = RecordingFile.expect(WHERE, file);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(RecordingFile.MAX_EVENTS, x.events());
        // keeping them would take about 24 bytes each, 1.5 GiB: more than many a server's heap
        assertTrue(allocated < 64L << 20, "allocated " + (allocated >> 20) + " MiB to read "
                + RecordingFile.MAX_EVENTS + " events");
    }

    @Test
    void theLimitsAgreeWithTheScenarioFormat() {
        assertEquals(ScenarioParser.MAX_FILE_BYTES, RecordingFile.MAX_STRING_BYTES);
    }

    // ---- crafting ---------------------------------------------------------------------------

    private static long p0Depth() {
        return Payload.of(inflate(good)).events.get(0)[DEPTH];
    }

    private static void assertRefused(byte[] file, String expected) {
        var e = assertThrows(BadRecordingException.class, () -> RecordingFile.parse(WHERE, file));
        assertTrue(e.getMessage().startsWith(WHERE + ": ") && e.getMessage().contains(expected),
                "expected '" + expected + "' in: " + e.getMessage());
    }

    /** A recording file with its event count replaced by {@code count}, still with a valid CRC (for CliTest). */
    public static byte[] withEventCount(byte[] file, int count) {
        Payload p = Payload.of(inflate(file));
        p.count = count;
        return fileOf(deflate(p.bytes()));
    }

    /** A recording file with its kernel model version replaced by {@code model}, still with a valid CRC. */
    static byte[] withModelVersion(byte[] file, int model) {
        Payload p = Payload.of(inflate(file));
        p.model = model;
        return fileOf(deflate(p.bytes()));
    }

    /** The good recording with its decoded payload changed by {@code change}, with a valid CRC. */
    private static byte[] craft(Consumer<Payload> change) {
        Payload p = Payload.of(inflate(good));
        change.accept(p);
        return fileOf(deflate(p.bytes()));
    }

    private static int compressedLength(byte[] file) {
        return ByteBuffer.wrap(file, 12, 4).getInt();
    }

    private static byte[] inflate(byte[] file) {
        try (var in = new InflaterInputStream(new ByteArrayInputStream(file, 16, compressedLength(file)))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] deflate(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var d = new DeflaterOutputStream(out)) {
            d.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Magic, format version, payload length, payload and the CRC-32 of all that. */
    private static byte[] fileOf(byte[] compressed) {
        ByteBuffer b = ByteBuffer.allocate(16 + compressed.length + 4);
        b.put("FOLIOREC".getBytes(StandardCharsets.US_ASCII)).putInt(RecordingFile.FORMAT_VERSION)
                .putInt(compressed.length).put(compressed);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, 16 + compressed.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * A valid zlib stream of 1.3 MB that inflates to 1.4 GB: the good payload's header with a
     * count of 353,894,400 events, then 1350 MiB of zeros as their events, then a digest.
     */
    private static byte[] bomb() {
        int chunk = 1 << 20;
        int chunks = 1350;
        return repeated(good, chunks * chunk / RecordingFile.MIN_EVENT_BYTES, new byte[chunk], chunks);
    }

    /**
     * A recording file with {@code file}'s header and, instead of its events, {@code count}
     * identical top-level point events without fields (4 bytes each inflated), still with a valid
     * CRC: a quarter of a MiB for {@link RecordingFile#MAX_EVENTS} (for ExportImportIT too).
     */
    public static byte[] withPointEvents(byte[] file, int count) {
        int type = EventTypes.all().stream().filter(t -> t.schema().arity() == 0 && !t.schema().isCall())
                .mapToInt(t -> t.id()).filter(id -> id < 128).findFirst().orElseThrow();
        byte[] events = new byte[1 << 20];
        int perChunk = events.length / RecordingFile.MIN_EVENT_BYTES;
        assertEquals(0, count % perChunk, "whole chunks of events");
        for (int i = 0; i < events.length; i += RecordingFile.MIN_EVENT_BYTES) {
            events[i] = (byte) type; // then depth 0, cpu 0 and pid 0
        }
        return repeated(file, count, events, count / perChunk);
    }

    /**
     * A recording file with {@code file}'s payload header announcing {@code count} events, then
     * {@code chunks} copies of {@code chunk} in their place, then a digest, with a valid CRC. The
     * chunk is compressed once and its compressed bytes repeated (a full flush makes each copy
     * stand alone), so building a file that inflates to gigabytes takes no gigabytes of deflating.
     */
    private static byte[] repeated(byte[] file, int count, byte[] chunk, int chunks) {
        Payload p = Payload.of(inflate(file));
        p.count = count;
        p.events.clear();
        p.digest = null;
        byte[] head = p.bytes();
        byte[] tail = new byte[8];
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] headBlocks = deflateRaw(d, head, Deflater.FULL_FLUSH);
        byte[] chunkBlocks = deflateRaw(d, chunk, Deflater.FULL_FLUSH);
        d.setInput(tail);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        out.write(0xda);
        out.writeBytes(headBlocks);
        Adler32 adler = new Adler32();
        adler.update(head);
        for (int i = 0; i < chunks; i++) {
            out.writeBytes(chunkBlocks);
            adler.update(chunk);
        }
        byte[] buf = new byte[256];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        adler.update(tail);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) adler.getValue()).array());
        return fileOf(out.toByteArray());
    }

    private static byte[] deflateRaw(Deflater d, byte[] input, int flush) {
        d.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, flush);
            out.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
        return out.toByteArray();
    }

    /**
     * A decoded payload: the model and schema versions, three strings with their announced
     * lengths, the event budget and cut-short reason, the announced event count, each event as
     * type, depth, cpu, pid and then its field values and a call's result as stored (a PFN field as
     * a delta), the digest (null to leave it out) and bytes to add after the events or at the very
     * end.
     */
    private static final class Payload {
        int model;
        int schema;
        final byte[][] strings = new byte[3][];
        final int[] announced = new int[3];
        int budget;
        byte[] cutShort;
        int count;
        final List<long[]> events = new ArrayList<>();
        byte[] afterEvents = {};
        Long digest;
        byte[] trailing = {};

        static Payload of(byte[] raw) {
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
                Payload p = new Payload();
                p.model = in.readInt();
                p.schema = in.readInt();
                for (int i = 0; i < 3; i++) {
                    p.announced[i] = in.readInt();
                    p.strings[i] = in.readNBytes(p.announced[i]);
                }
                p.budget = in.readInt();
                p.cutShort = in.readNBytes(in.readInt());
                p.count = in.readInt();
                for (int s = 0; s < p.count; s++) {
                    long type = uvarint(in);
                    Schema schema = EventTypes.of((int) type).schema();
                    long[] e = new long[FIELDS + schema.arity() + (schema.isCall() ? 1 : 0)];
                    e[TYPE] = type;
                    e[DEPTH] = in.readUnsignedByte();
                    e[CPU] = in.readUnsignedByte();
                    e[3] = uvarint(in);
                    for (int f = FIELDS; f < e.length; f++) {
                        long z = uvarint(in);
                        e[f] = (z >>> 1) ^ -(z & 1);
                    }
                    p.events.add(e);
                }
                p.digest = in.readLong();
                assertEquals(-1, in.read(), "a good payload ends with its digest");
                return p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Sets the field {@code name} of the first event that has one (not a PFN: those are deltas). */
        void set(String name, long value) {
            for (long[] e : events) {
                int i = EventTypes.of((int) e[TYPE]).schema().indexOf(name);
                if (i >= 0) {
                    e[FIELDS + i] = value;
                    return;
                }
            }
            throw new AssertionError("no event has a field " + name);
        }

        byte[] bytes() {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(raw)) {
                out.writeInt(model);
                out.writeInt(schema);
                for (int i = 0; i < 3; i++) {
                    out.writeInt(announced[i]);
                    out.write(strings[i]);
                }
                out.writeInt(budget);
                out.writeInt(cutShort.length);
                out.write(cutShort);
                out.writeInt(count);
                byte[] varint = new byte[Varint.MAX_BYTES];
                for (long[] e : events) {
                    out.write(varint, 0, Varint.put(varint, 0, e[TYPE]));
                    out.writeByte((int) e[DEPTH]);
                    out.writeByte((int) e[CPU]);
                    out.write(varint, 0, Varint.put(varint, 0, e[3]));
                    for (int f = FIELDS; f < e.length; f++) {
                        out.write(varint, 0, Varint.put(varint, 0, Varint.zigzag(e[f])));
                    }
                }
                out.write(afterEvents);
                if (digest != null) {
                    out.writeLong(digest);
                }
                out.write(trailing);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return raw.toByteArray();
        }

        private static long uvarint(DataInputStream in) throws IOException {
            long z = 0;
            for (int shift = 0;; shift += 7) {
                int b = in.readUnsignedByte();
                z |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return z;
                }
            }
        }
    }
}

package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.trace.EventKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The recording file format, version {@value #FORMAT_VERSION}: the magic {@code FOLIOREC}, the
 * format version, the length of a DEFLATE-compressed payload, the payload, and a CRC-32 of all
 * that precedes it. The payload holds the kernel model version, the scenario's name, title and
 * text, every event (kind, depth and varint arguments) and the digest of the final state.
 *
 * <p>The file holds nothing about where or when it was made, so recording the same scenario twice
 * gives the same bytes. Loading re-runs the scenario and demands the same events and final state.
 */
public final class RecordingFile {
    public static final int FORMAT_VERSION = 2;
    private static final byte[] MAGIC = "FOLIOREC".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_PAYLOAD = 1 << 30;

    private RecordingFile() {
    }

    /** A recording file as read, before re-running: enough for {@code info}. */
    public record Contents(int modelVersion, String name, String title, String text, EventLog events,
            long finalDigest, long fileBytes) {
    }

    /** A recording file that cannot be used, with the reason stated for the user. */
    public static final class BadRecordingException extends Exception {
        public BadRecordingException(String message) {
            super(message);
        }
    }

    public static byte[] toBytes(Recording r) {
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
            try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(raw, deflater, 1 << 16))) {
                out.writeInt(Kernel.MODEL_VERSION);
                writeString(out, r.input().name());
                writeString(out, r.input().title());
                writeString(out, r.input().text());
                writeEvents(out, r.events());
                out.writeLong(r.finalDigest());
            }
            deflater.end();
            byte[] payload = raw.toByteArray();
            ByteArrayOutputStream file = new ByteArrayOutputStream(payload.length + 24);
            DataOutputStream out = new DataOutputStream(file);
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(payload.length);
            out.write(payload);
            CRC32 crc = new CRC32();
            crc.update(file.toByteArray());
            out.writeInt((int) crc.getValue());
            return file.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    public static void write(Recording r, Path file) throws IOException {
        Files.write(file, toBytes(r));
    }

    /**
     * Reads and checks a recording file without re-running it.
     *
     * @throws BadRecordingException naming the file and what is wrong with it
     */
    public static Contents read(Path file) throws IOException, BadRecordingException {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    public static Contents parse(String where, byte[] bytes) throws BadRecordingException {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new BadRecordingException(where + ": not a Folioscope recording (no FOLIOREC header)");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, bytes.length));
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new BadRecordingException(where + ": recording format version " + version
                        + ", but this build reads version " + FORMAT_VERSION);
            }
            int length = in.readInt();
            if (length < 0 || length > MAX_PAYLOAD || MAGIC.length + 8L + length + 4 > bytes.length) {
                throw new BadRecordingException(where + ": truncated: the header announces " + length
                        + " bytes of events but the file has " + bytes.length + " bytes in all");
            }
            int end = MAGIC.length + 8 + length;
            if (end + 4 != bytes.length) {
                throw new BadRecordingException(where + ": " + (bytes.length - end - 4)
                        + " unexpected bytes after the end of the recording");
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, end);
            int stored = ((bytes[end] & 0xff) << 24) | ((bytes[end + 1] & 0xff) << 16) | ((bytes[end + 2] & 0xff) << 8)
                    | (bytes[end + 3] & 0xff);
            if (stored != (int) crc.getValue()) {
                throw new BadRecordingException(where + ": checksum mismatch: the file is corrupt or was altered");
            }
            DataInputStream p = new DataInputStream(new InflaterInputStream(
                    new ByteArrayInputStream(bytes, MAGIC.length + 8, length)));
            int model = p.readInt();
            String name = readString(p);
            String title = readString(p);
            String text = readString(p);
            EventLog events = readEvents(p);
            long digest = p.readLong();
            return new Contents(model, name, title, text, events, digest, bytes.length);
        } catch (EOFException e) {
            throw new BadRecordingException(where + ": truncated: the file ends inside the recording");
        } catch (IOException | RuntimeException e) {
            throw new BadRecordingException(where + ": unreadable recording: " + e.getMessage());
        }
    }

    /**
     * Reads a recording file and re-runs its scenario to rebuild the checkpoints, checking that
     * this build's kernel produces the same events and final state.
     *
     * @param loader turns a scenario's name and text into a recording input, or throws
     *     IllegalArgumentException with a message when the text is not a valid scenario
     */
    public static Recording load(Path file, BiFunction<String, String, RecordingInput> loader)
            throws IOException, BadRecordingException {
        Contents c = read(file);
        if (c.modelVersion() != Kernel.MODEL_VERSION) {
            throw new BadRecordingException(file + ": recorded with kernel model version " + c.modelVersion()
                    + ", this build runs version " + Kernel.MODEL_VERSION + "; record the scenario again");
        }
        RecordingInput input;
        try {
            input = loader.apply(c.name(), c.text());
        } catch (IllegalArgumentException e) {
            throw new BadRecordingException(file + ": its scenario no longer parses: " + e.getMessage());
        }
        Recording r = Recorder.record(input, n -> { });
        if (r.lastStep() != c.events().size() || r.finalDigest() != c.finalDigest()) {
            throw new BadRecordingException(file + ": re-running its scenario gave " + r.lastStep()
                    + " events instead of " + c.events().size() + "; the recording does not match this build");
        }
        return r;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_PAYLOAD) {
            throw new IOException("string length " + n + " out of range");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /**
     * Events as kind, depth, cpu, then zigzag varints: zone, pfn as a delta from the previous event's
     * pfn, order, migratetype, aux and result. Parents are implied by the depths.
     */
    private static void writeEvents(DataOutputStream out, EventLog log) throws IOException {
        out.writeInt(log.size());
        int prevPfn = 0;
        for (int s = 1; s <= log.size(); s++) {
            Event e = log.get(s);
            out.writeByte(e.kind().ordinal());
            out.writeByte(e.depth());
            out.writeByte(e.cpu());
            varint(out, e.zone());
            varint(out, e.pfn() - prevPfn);
            varint(out, e.order());
            varint(out, e.mt());
            varint(out, e.aux());
            varint(out, e.result());
            prevPfn = e.pfn();
        }
    }

    private static EventLog readEvents(DataInputStream in) throws IOException {
        int n = in.readInt();
        EventLog log = new EventLog();
        int[] open = new int[256];
        int prevPfn = 0;
        for (int s = 1; s <= n; s++) {
            EventKind kind = EventKind.of(in.readUnsignedByte());
            int depth = in.readUnsignedByte();
            if (depth >= open.length || (s > 1 && depth > log.depth(s - 1) + 1) || (s == 1 && depth != 0)) {
                throw new IOException("event " + s + " has an impossible depth " + depth);
            }
            int cpu = in.readUnsignedByte();
            int zone = unvarint(in);
            int pfn = prevPfn + unvarint(in);
            int step = log.append(kind, depth == 0 ? 0 : open[depth - 1], depth, cpu, zone, pfn, unvarint(in),
                    unvarint(in), unvarint(in), unvarint(in));
            open[depth] = step;
            prevPfn = pfn;
        }
        return log;
    }

    private static void varint(DataOutputStream out, int v) throws IOException {
        int z = (v << 1) ^ (v >> 31);
        while ((z & ~0x7f) != 0) {
            out.writeByte((z & 0x7f) | 0x80);
            z >>>= 7;
        }
        out.writeByte(z);
    }

    private static int unvarint(DataInputStream in) throws IOException {
        int z = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            z |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (z >>> 1) ^ -(z & 1);
            }
        }
        throw new IOException("varint too long");
    }
}

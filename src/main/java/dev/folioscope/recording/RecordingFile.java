package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.trace.EventKind;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * The recording file format, version {@value #FORMAT_VERSION}: the magic {@code FOLIOREC}, the
 * format version, the length of a DEFLATE-compressed payload, the payload, and a CRC-32 of all
 * that precedes it. The payload holds the kernel model version, the scenario's name, title and
 * text, the event budget it was recorded with and why it was cut short at that budget (empty when
 * it was not), every event (kind, depth and varint arguments) and the digest of the final state.
 *
 * <p>The file holds nothing about where or when it was made, so recording the same scenario twice
 * gives the same bytes. Loading re-runs the scenario with the same event budget and demands the
 * same events, the same cut and the same final state.
 */
public final class RecordingFile {
    public static final int FORMAT_VERSION = 3;
    private static final byte[] MAGIC = "FOLIOREC".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = MAGIC.length + 8;
    /** The largest recording file read, in bytes; larger ones are refused before they are read. */
    public static final int MAX_FILE_BYTES = 256 << 20;
    /** The most events a recording file may announce (their index takes about 22 bytes each in memory). */
    public static final int MAX_EVENTS = 64 << 20;
    /**
     * The longest string (scenario name, title, text) read, in bytes: a scenario file is at most 1
     * MiB (ScenarioParser.MAX_FILE_BYTES; the recording package knows no scenarios).
     */
    public static final int MAX_STRING_BYTES = 1 << 20;
    /** The fewest inflated bytes an event takes: kind, depth and cpu bytes and six one-byte varints. */
    static final int MIN_EVENT_BYTES = 3 + 6;
    /** The most bytes an event takes: kind, depth and cpu bytes and six five-byte varints. */
    private static final int MAX_EVENT_BYTES = 3 + 6 * 5;
    /**
     * DEFLATE's largest expansion: a 258-byte match costs at least two bits, so a compressed byte
     * inflates to at most 1032 bytes.
     */
    static final int MAX_INFLATION = 1032;

    private RecordingFile() {
    }

    /**
     * A recording file as read, before re-running: enough for {@code info}.
     *
     * @param cutShortReason why recording stopped at the event budget, or null if it ran to the end
     */
    public record Contents(int modelVersion, String name, String title, String text, int eventBudget,
            String cutShortReason, EventLog events, long finalDigest, long fileBytes) {
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
            // zlib's default level: level 9 saved 1.6% of a 13 M-event file and took three times as long.
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
            // Buffered: DeflaterOutputStream.write(int) would call the deflater once per byte.
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    new DeflaterOutputStream(raw, deflater, 1 << 16), 1 << 16))) {
                out.writeInt(Kernel.MODEL_VERSION);
                writeString(out, r.input().name());
                writeString(out, r.input().title());
                writeString(out, r.input().text());
                out.writeInt(r.eventBudget());
                writeString(out, r.cutShort() ? r.cutShortReason() : "");
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
     * Reads and checks a recording file without re-running it. Only a regular file (following
     * links) of at most {@value #MAX_FILE_BYTES} bytes is opened: a directory, device or FIFO is
     * refused before it is opened, a larger file before it is read.
     *
     * @throws BadRecordingException naming the file and what is wrong with it, including why it
     *     cannot be read (I/O errors come as this exception too)
     */
    public static Contents read(Path file) throws IOException, BadRecordingException {
        return parse(file.toString(), readBytes(file));
    }

    private static byte[] readBytes(Path file) throws BadRecordingException {
        String where = file.toString();
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (a.isDirectory()) {
                throw new BadRecordingException(where
                        + ": is a directory; expected a recording file written by 'record'");
            }
            if (!a.isRegularFile()) {
                throw new BadRecordingException(where + ": not a regular file (a device, FIFO or socket); expected a"
                        + " recording file written by 'record'");
            }
            if (a.size() > MAX_FILE_BYTES) {
                throw tooLarge(where, a.size());
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                throw tooLarge(where, bytes.length);
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new BadRecordingException(where + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BadRecordingException(where + ": cannot be read (permission denied)");
        } catch (FileSystemException e) {
            throw new BadRecordingException(where + ": cannot be read ("
                    + (e.getReason() != null ? e.getReason() : e.getMessage()) + ")");
        } catch (IOException e) {
            throw new BadRecordingException(where + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static BadRecordingException tooLarge(String where, long size) {
        return new BadRecordingException(where + ": " + size + " bytes, more than the " + (MAX_FILE_BYTES >> 20)
                + " MiB a recording file may have");
    }

    /**
     * Checks and decodes the bytes of a recording file. A file with a valid checksum is still
     * checked throughout: an event count the payload cannot hold is refused before any event is
     * read, and each event's kind, depth, cpu and zone, each string's length and the end of the
     * payload are checked as they are read, so no file can make this run long or allocate much
     * more than its events need.
     *
     * @param where the file's name, to begin every message with
     * @throws BadRecordingException naming {@code where} and what is wrong
     */
    public static Contents parse(String where, byte[] bytes) throws BadRecordingException {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new BadRecordingException(where + ": not a Folioscope recording (no FOLIOREC header)");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw tooLarge(where, bytes.length);
        }
        if (bytes.length < HEADER_BYTES) {
            throw new BadRecordingException(where + ": truncated: the file ends inside its header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, MAGIC.length, 8);
        int version = header.getInt();
        if (version != FORMAT_VERSION) {
            throw new BadRecordingException(where + ": recording format version " + version
                    + ", but this build reads version " + FORMAT_VERSION);
        }
        int length = header.getInt();
        if (length < 0 || HEADER_BYTES + (long) length + 4 > bytes.length) {
            throw new BadRecordingException(where + ": truncated: the header announces " + length
                    + " bytes of events but the file has " + bytes.length + " bytes in all");
        }
        int end = HEADER_BYTES + length;
        if (end + 4 != bytes.length) {
            throw new BadRecordingException(where + ": " + (bytes.length - end - 4)
                    + " unexpected bytes after the end of the recording");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, end);
        if (ByteBuffer.wrap(bytes, end, 4).getInt() != (int) crc.getValue()) {
            throw new BadRecordingException(where + ": checksum mismatch: the file is corrupt or was altered");
        }
        Inflater inflater = new Inflater();
        try {
            ByteArrayInputStream compressed = new ByteArrayInputStream(bytes, HEADER_BYTES, length);
            PayloadReader p = new PayloadReader(where,
                    new PayloadInput(new InflaterInputStream(compressed, inflater, 1 << 16)), length);
            Contents c = p.contents(bytes.length);
            if (!inflater.finished()) {
                throw new BadRecordingException(where + ": the compressed payload does not end where its data ends");
            }
            int extra = inflater.getRemaining() + compressed.available();
            if (extra > 0) {
                throw new BadRecordingException(where + ": " + extra
                        + " unexpected bytes after the end of the compressed payload");
            }
            return c;
        } finally {
            inflater.end();
        }
    }

    /**
     * Reads a recording file and re-runs its scenario, with the event budget it was recorded with,
     * to rebuild the checkpoints, checking that this build's kernel produces the same events, the
     * same cut and the same final state. The file's events are compared by digest and let go
     * before the re-run, so loading takes little more memory than recording.
     *
     * @param loader turns a scenario's name and text into a recording input, or throws
     *     IllegalArgumentException with a message when the text is not a valid scenario
     */
    public static Recording load(Path file, BiFunction<String, String, RecordingInput> loader)
            throws IOException, BadRecordingException {
        Expected x = Expected.of(read(file));
        if (x.modelVersion() != Kernel.MODEL_VERSION) {
            throw new BadRecordingException(file + ": recorded with kernel model version " + x.modelVersion()
                    + ", this build runs version " + Kernel.MODEL_VERSION + "; record the scenario again");
        }
        if (x.eventBudget() > Recorder.EVENT_BUDGET) {
            throw new BadRecordingException(file + ": recorded with an event budget of " + x.eventBudget()
                    + ", more than this build's " + Recorder.EVENT_BUDGET + "; record the scenario again");
        }
        RecordingInput input;
        try {
            input = loader.apply(x.name(), x.text());
        } catch (IllegalArgumentException e) {
            throw new BadRecordingException(file + ": its scenario no longer parses: " + e.getMessage());
        }
        Recording r;
        try {
            r = Recorder.record(input, n -> { }, Recorder.Budget.defaults().withEvents(x.eventBudget()));
        } catch (EventBudgetException e) {
            throw new BadRecordingException(file + ": " + e.getMessage());
        }
        if (r.lastStep() != x.events()) {
            throw new BadRecordingException(file + ": re-running its scenario gave " + r.lastStep()
                    + " events instead of " + x.events() + "; the recording does not match this build");
        }
        if (r.events().digest() != x.eventsDigest() || r.finalDigest() != x.finalDigest()
                || !Objects.equals(r.cutShortReason(), x.cutShortReason())) {
            throw new BadRecordingException(file + ": re-running its scenario gave " + x.events()
                    + " events, but not the ones recorded; the recording does not match this build");
        }
        return r;
    }

    /** What a re-run must reproduce: the file's contents with its events reduced to their digest. */
    private record Expected(int modelVersion, String name, String text, int eventBudget, String cutShortReason,
            int events, long eventsDigest, long finalDigest) {
        static Expected of(Contents c) {
            return new Expected(c.modelVersion(), c.name(), c.text(), c.eventBudget(), c.cutShortReason(),
                    c.events().size(), c.events().digest(), c.finalDigest());
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("a string of " + b.length + " bytes is longer than a recording file may"
                    + " hold (" + MAX_STRING_BYTES + ")");
        }
        out.writeInt(b.length);
        out.write(b);
    }

    /**
     * Events as kind, depth, cpu, then zigzag varints: zone, pfn as a delta from the previous event's
     * pfn, order, migratetype, aux and result. Parents are implied by the depths.
     */
    private static void writeEvents(DataOutputStream out, EventLog log) throws IOException {
        out.writeInt(log.size());
        // Encoded into a buffer of whole events: the stream's per-byte calls would cost more than DEFLATE.
        byte[] buf = new byte[1 << 16];
        int n = 0;
        int prevPfn = 0;
        for (int s = 1; s <= log.size(); s++) {
            if (n > buf.length - MAX_EVENT_BYTES) {
                out.write(buf, 0, n);
                n = 0;
            }
            buf[n++] = (byte) log.kind(s).ordinal();
            buf[n++] = (byte) log.depth(s);
            buf[n++] = (byte) log.cpu(s);
            n = varint(buf, n, log.zone(s));
            n = varint(buf, n, log.pfn(s) - prevPfn);
            n = varint(buf, n, log.order(s));
            n = varint(buf, n, log.mt(s));
            n = varint(buf, n, log.aux(s));
            n = varint(buf, n, log.result(s));
            prevPfn = log.pfn(s);
        }
        out.write(buf, 0, n);
    }

    /**
     * Writes a zigzag varint of {@code v} into {@code buf} at {@code at}; returns where it ends
     * (package-private for the tests that craft recording files).
     */
    static int varint(byte[] buf, int at, int v) {
        int z = (v << 1) ^ (v >> 31);
        while ((z & ~0x7f) != 0) {
            buf[at++] = (byte) ((z & 0x7f) | 0x80);
            z >>>= 7;
        }
        buf[at++] = (byte) z;
        return at;
    }

    /** Reads the inflated payload, checking every value against what a recording can hold. */
    private static final class PayloadReader {
        private final String where;
        private final PayloadInput in;
        private final int compressedBytes;
        private final int kinds = EventKind.values().length;

        PayloadReader(String where, PayloadInput in, int compressedBytes) {
            this.where = where;
            this.in = in;
            this.compressedBytes = compressedBytes;
        }

        Contents contents(long fileBytes) throws BadRecordingException {
            try {
                int model = in.readInt();
                String name = string("scenario name");
                String title = string("scenario title");
                String text = string("scenario text");
                int budget = in.readInt();
                if (budget < 1) {
                    throw bad("the event budget is " + budget + "; a budget is at least 1 event");
                }
                String cutShort = string("cut-short reason");
                EventLog events = events();
                long digest = in.readLong();
                if (in.read() != -1) {
                    throw bad("unexpected data after the final digest inside the payload");
                }
                return new Contents(model, name, title, text, budget, cutShort.isEmpty() ? null : cutShort, events,
                        digest, fileBytes);
            } catch (EOFException e) {
                throw bad("the payload ends early, inside its header or final digest");
            } catch (ZipException e) {
                throw bad("the compressed payload is corrupt (" + e.getMessage() + ")");
            } catch (IOException e) {
                throw bad("unreadable payload (" + e.getMessage() + ")");
            }
        }

        private String string(String what) throws IOException, BadRecordingException {
            int n = in.readInt();
            if (n < 0 || n > MAX_STRING_BYTES) {
                throw bad("the " + what + " is announced as " + n + " bytes; expected 0 to " + MAX_STRING_BYTES);
            }
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw bad("the " + what + " is announced as " + n + " bytes but the payload ends after " + b.length);
            }
            return new String(b, StandardCharsets.UTF_8);
        }

        private EventLog events() throws IOException, BadRecordingException {
            int n = in.readInt();
            if (n < 0) {
                throw bad("the payload announces " + n + " events; a count cannot be negative");
            }
            if (n > MAX_EVENTS) {
                throw bad("the payload announces " + n + " events, more than the " + MAX_EVENTS + " this build reads");
            }
            long canHold = (long) MAX_INFLATION * compressedBytes / MIN_EVENT_BYTES;
            if (n > canHold) {
                throw bad("the payload announces " + n + " events, more than its " + compressedBytes
                        + " compressed bytes can hold (at most " + canHold + ": an event takes at least "
                        + MIN_EVENT_BYTES + " bytes, and DEFLATE inflates at most " + MAX_INFLATION + "-fold)");
            }
            EventLog log = new EventLog();
            int[] open = new int[256];
            int pfn = 0;
            for (int s = 1; s <= n; s++) {
                pfn = event(s, n, log, open, pfn);
            }
            return log;
        }

        /**
         * Reads event {@code s} of {@code n} into the log.
         *
         * @param open the step of the last event at each depth, updated
         * @return the event's pfn, from which the next event's is a delta
         */
        private int event(int s, int n, EventLog log, int[] open, int prevPfn) throws IOException,
                BadRecordingException {
            try {
                int kind = in.readUnsignedByte();
                if (kind >= kinds) {
                    throw bad("event " + s + " has an unknown kind " + kind + "; this build knows kinds 0 to "
                            + (kinds - 1));
                }
                int depth = in.readUnsignedByte();
                int maxDepth = s == 1 ? 0 : log.depth(s - 1) + 1;
                if (depth > maxDepth) {
                    throw bad("event " + s + " has an impossible depth " + depth + (s == 1
                            ? "; the first event is at depth 0" : "; the event before is at depth " + (maxDepth - 1)));
                }
                int cpu = in.readUnsignedByte();
                if (cpu >= Kernel.MAX_CPUS) {
                    throw bad("event " + s + " runs on an impossible cpu " + cpu + "; expected 0 to "
                            + (Kernel.MAX_CPUS - 1));
                }
                int zone = value(s, "zone", -1, ZoneType.COUNT - 1);
                int pfn = prevPfn + varint(s);
                int order = value(s, "order", -1, Byte.MAX_VALUE);
                int mt = value(s, "migratetype", -1, Byte.MAX_VALUE);
                int aux = varint(s);
                int result = varint(s);
                open[depth] = log.append(EventKind.of(kind), depth == 0 ? 0 : open[depth - 1], depth, cpu, zone,
                        pfn, order, mt, aux, result);
                return pfn;
            } catch (EOFException e) {
                throw bad("the payload ends inside event " + s + " of the " + n + " it announces");
            }
        }

        private int value(int step, String what, int min, int max) throws IOException, BadRecordingException {
            int v = varint(step);
            if (v < min || v > max) {
                throw bad("event " + step + " has an impossible " + what + " " + v + "; expected " + min + " to "
                        + max);
            }
            return v;
        }

        /** A zigzag varint of at most five bytes. */
        private int varint(int step) throws IOException, BadRecordingException {
            int z = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = in.readUnsignedByte();
                z |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return (z >>> 1) ^ -(z & 1);
                }
            }
            throw bad("event " + step + " has a malformed number (a varint longer than 5 bytes)");
        }

        private BadRecordingException bad(String problem) {
            return new BadRecordingException(where + ": " + problem);
        }
    }

    /**
     * The inflated payload, read a buffer at a time: a DataInputStream's call per byte into the
     * stream would cost more than inflating. Big-endian, as DataOutputStream writes.
     */
    private static final class PayloadInput {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int end;

        PayloadInput(InputStream in) {
            this.in = in;
        }

        /** The next byte, or -1 at the end of the payload. */
        int read() throws IOException {
            if (pos == end) {
                int n = 0;
                while (n == 0) {
                    n = in.read(buf, 0, buf.length);
                }
                if (n < 0) {
                    return -1;
                }
                pos = 0;
                end = n;
            }
            return buf[pos++] & 0xff;
        }

        int readUnsignedByte() throws IOException {
            int b = read();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        }

        int readInt() throws IOException {
            return readUnsignedByte() << 24 | readUnsignedByte() << 16 | readUnsignedByte() << 8 | readUnsignedByte();
        }

        long readLong() throws IOException {
            return (long) readInt() << 32 | readInt() & 0xffffffffL;
        }

        /** Up to {@code n} bytes: fewer only at the end of the payload. */
        byte[] readNBytes(int n) throws IOException {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                int v = read();
                if (v < 0) {
                    return Arrays.copyOf(b, i);
                }
                b[i] = (byte) v;
            }
            return b;
        }
    }
}

package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.EventTypes;
import dev.folioscope.kernel.trace.Field;
import dev.folioscope.kernel.trace.FieldType;
import dev.folioscope.kernel.trace.Schema;
import dev.folioscope.kernel.trace.Trace;
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
import java.util.List;
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
 * that precedes it. The payload holds the kernel model version, the event schema version
 * ({@link EventTypes#SCHEMA_VERSION}), the scenario's name, title and text, the event budget it
 * was recorded with and why it was cut short at that budget (empty when it was not), every event
 * (its type, depth, CPU, pid, the fields its schema declares and a call's result) and the digest
 * of the final state.
 *
 * <p>The file holds nothing about where or when it was made, so recording the same scenario twice
 * gives the same bytes. Loading re-runs the scenario with the same event budget and demands the
 * same events, the same cut and the same final state.
 */
public final class RecordingFile {
    public static final int FORMAT_VERSION = 4;
    private static final byte[] MAGIC = "FOLIOREC".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = MAGIC.length + 8;
    /** The largest recording file read, in bytes; larger ones are refused before they are read. */
    public static final int MAX_FILE_BYTES = 256 << 20;
    /** The most events a recording file may announce (their index takes about 30 bytes each in memory). */
    public static final int MAX_EVENTS = 64 << 20;
    /**
     * The longest string (scenario name, title, text) read, in bytes: a scenario file is at most 1
     * MiB (ScenarioParser.MAX_FILE_BYTES; the recording package knows no scenarios).
     */
    public static final int MAX_STRING_BYTES = 1 << 20;
    /** The fewest inflated bytes an event takes: a point without fields, type, depth, CPU and pid in a byte each. */
    static final int MIN_EVENT_BYTES = 4;
    /** The most bytes an event takes: depth and CPU bytes, and varints for the rest. */
    private static final int MAX_EVENT_BYTES = 2 + (3 + Trace.MAX_FIELDS) * Varint.MAX_BYTES;
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
    public record Contents(int modelVersion, int schemaVersion, String name, String title, String text, int eventBudget,
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
                out.writeInt(EventTypes.SCHEMA_VERSION);
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

    /**
     * Whether {@code file} is a regular file that begins as a recording file does (with its magic);
     * it may still be damaged further on. Reads at most the magic's bytes, and never opens a
     * directory, device or FIFO.
     */
    public static boolean beginsAsRecording(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return beginsAsRecording(in.readNBytes(MAGIC.length));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code bytes} begin as a recording file does (with its magic); they may still be damaged further on. */
    public static boolean beginsAsRecording(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
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
        return decode(where, bytes, true).contents;
    }

    /**
     * Checks and decodes the bytes of a recording file as {@link #parse} does, down to what a
     * re-run must reproduce: the events are digested as they are read and not kept, so the memory
     * taken is that of one event, however many the file announces.
     *
     * @param where the file's name, to begin every message with
     * @throws BadRecordingException naming {@code where} and what is wrong
     */
    public static Expected expect(String where, byte[] bytes) throws BadRecordingException {
        PayloadReader p = decode(where, bytes, false);
        Contents c = p.contents;
        return new Expected(c.modelVersion(), c.name(), c.text(), c.eventBudget(), c.cutShortReason(), p.eventCount,
                p.eventsDigest, c.finalDigest());
    }

    /** The reader after reading the whole file, its events kept in {@code contents} or only digested. */
    private static PayloadReader decode(String where, byte[] bytes, boolean keepEvents) throws BadRecordingException {
        if (!beginsAsRecording(bytes)) {
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
            throw new BadRecordingException(where + ": recording format version " + version + ", but this build reads"
                    + " version " + FORMAT_VERSION + (version < FORMAT_VERSION ? " (version " + version
                    + " comes from an"
                    + " earlier Folioscope, whose events had no schema): record the scenario again" : ""));
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
                    new PayloadInput(new InflaterInputStream(compressed, inflater, 1 << 16)), length, keepEvents);
            p.read(bytes.length);
            if (!inflater.finished()) {
                throw new BadRecordingException(where + ": the compressed payload does not end where its data ends");
            }
            int extra = inflater.getRemaining() + compressed.available();
            if (extra > 0) {
                throw new BadRecordingException(where + ": " + extra
                        + " unexpected bytes after the end of the compressed payload");
            }
            return p;
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
        String where = file.toString();
        Expected x = expect(where, readBytes(file));
        x.checkRunnable(where);
        RecordingInput input;
        try {
            input = loader.apply(x.name(), x.text());
        } catch (IllegalArgumentException e) {
            throw new BadRecordingException(where + ": its scenario no longer parses: " + e.getMessage());
        }
        Recording r;
        try {
            r = Recorder.record(input, n -> { }, Recorder.Budget.defaults().withEvents(x.eventBudget()));
        } catch (EventBudgetException e) {
            throw new BadRecordingException(where + ": " + e.getMessage());
        }
        x.checkSame(where, r);
        return r;
    }

    /**
     * What a re-run of a recording file must reproduce: the file's contents with its events reduced
     * to their digest, so that the file's events need not be held while its scenario is recorded again.
     */
    public record Expected(int modelVersion, String name, String text, int eventBudget, String cutShortReason,
            int events, long eventsDigest, long finalDigest) {
        /**
         * checkRunnable() - refuses a file this build cannot re-run as it was recorded.
         *
         * @param where the file's name, to begin the message with
         * @throws BadRecordingException for another kernel model version or an event budget over this build's
         */
        public void checkRunnable(String where) throws BadRecordingException {
            if (modelVersion != Kernel.MODEL_VERSION) {
                throw new BadRecordingException(where + ": recorded with kernel model version " + modelVersion
                        + ", this build runs version " + Kernel.MODEL_VERSION + "; record the scenario again");
            }
            if (eventBudget > Recorder.EVENT_BUDGET) {
                throw new BadRecordingException(where + ": recorded with an event budget of " + eventBudget
                        + ", more than this build's " + Recorder.EVENT_BUDGET + "; record the scenario again");
            }
        }

        /**
         * checkSame() - refuses a re-run that did not reproduce the file.
         *
         * @param where the file's name, to begin the message with
         * @param r the scenario recorded again, with {@link #eventBudget()}
         * @throws BadRecordingException when the events, the cut or the final state differ
         */
        public void checkSame(String where, Recording r) throws BadRecordingException {
            if (r.lastStep() != events) {
                throw new BadRecordingException(where + ": re-running its scenario gave " + r.lastStep()
                        + " events instead of " + events + "; the recording does not match this build");
            }
            if (r.events().digest() != eventsDigest || r.finalDigest() != finalDigest
                    || !Objects.equals(r.cutShortReason(), cutShortReason)) {
                throw new BadRecordingException(where + ": re-running its scenario gave " + events
                        + " events, but not the ones recorded; the recording does not match this build");
            }
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
     * Events as type (varint), depth and CPU (a byte each), pid (varint), then the fields in schema
     * order as zigzag varints, a PFN field as a delta from the previous PFN written, and a call's
     * result. Parents are implied by the depths.
     */
    private static void writeEvents(DataOutputStream out, EventLog log) throws IOException {
        out.writeInt(log.size());
        // Encoded into a buffer of whole events: the stream's per-byte calls would cost more than DEFLATE.
        byte[] buf = new byte[1 << 16];
        int n = 0;
        long prevPfn = 0;
        for (int s = 1; s <= log.size(); s++) {
            if (n > buf.length - MAX_EVENT_BYTES) {
                out.write(buf, 0, n);
                n = 0;
            }
            EventType t = log.type(s);
            n = Varint.put(buf, n, t.id());
            buf[n++] = (byte) log.depth(s);
            buf[n++] = (byte) log.cpu(s);
            n = Varint.put(buf, n, log.pid(s));
            List<Field> fields = t.schema().fields();
            long[] args = log.args(s);
            for (int f = 0; f < args.length; f++) {
                long v = args[f];
                if (fields.get(f).type() == FieldType.PFN) {
                    long pfn = v;
                    v -= prevPfn;
                    prevPfn = pfn;
                }
                n = Varint.put(buf, n, Varint.zigzag(v));
            }
            if (t.schema().isCall()) {
                n = Varint.put(buf, n, Varint.zigzag(log.result(s)));
            }
        }
        out.write(buf, 0, n);
    }

    /**
     * Reads the inflated payload, checking every value against what a recording can hold, and
     * digesting the events as they are read ({@link EventLog#digest()}); they are kept only if asked.
     */
    private static final class PayloadReader {
        private final String where;
        private final PayloadInput in;
        private final int compressedBytes;
        private final boolean keepEvents;
        private final long[] args = new long[Trace.MAX_FIELDS];
        private long prevPfn;
        private int prevDepth;
        /** What was read: the events in it only if kept. */
        Contents contents;
        int eventCount;
        long eventsDigest = EventLog.DIGEST_START;

        PayloadReader(String where, PayloadInput in, int compressedBytes, boolean keepEvents) {
            this.where = where;
            this.in = in;
            this.compressedBytes = compressedBytes;
            this.keepEvents = keepEvents;
        }

        void read(long fileBytes) throws BadRecordingException {
            contents = contents(fileBytes);
        }

        private Contents contents(long fileBytes) throws BadRecordingException {
            try {
                int model = in.readInt();
                int schema = in.readInt();
                if (schema != EventTypes.SCHEMA_VERSION) {
                    throw bad("its events follow event schema version " + schema + ", this build reads version "
                            + EventTypes.SCHEMA_VERSION + ": record the scenario again");
                }
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
                return new Contents(model, schema, name, title, text, budget, cutShort.isEmpty() ? null : cutShort,
                        events,
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
            EventLog log = keepEvents ? new EventLog() : null;
            int[] open = new int[EventLog.MAX_DEPTH + 1];
            for (int s = 1; s <= n; s++) {
                event(s, n, log, open);
            }
            eventCount = n;
            return log;
        }

        /**
         * Reads event {@code s} of {@code n}, checking each value against what its field can hold,
         * into the digest and the log (null when events are not kept).
         *
         * @param open the step of the last event at each depth, updated
         */
        private void event(int s, int n, EventLog log, int[] open) throws IOException, BadRecordingException {
            try {
                long id = varint(s, "type");
                if (id >= EventTypes.all().size()) {
                    throw bad("event " + s + " has an unknown type " + id + "; this build knows types 0 to "
                            + (EventTypes.all().size() - 1));
                }
                EventType t = EventTypes.of((int) id);
                int depth = in.readUnsignedByte();
                if (depth > EventLog.MAX_DEPTH) {
                    throw bad("event " + s + " has an impossible depth " + depth + "; events nest at most "
                            + EventLog.MAX_DEPTH + " deep");
                }
                int maxDepth = s == 1 ? 0 : prevDepth + 1;
                if (depth > maxDepth) {
                    throw bad("event " + s + " has an impossible depth " + depth + (s == 1
                            ? "; the first event is at depth 0" : "; the event before is at depth " + (maxDepth - 1)));
                }
                int cpu = in.readUnsignedByte();
                if (cpu >= Kernel.MAX_CPUS) {
                    throw bad("event " + s + " runs on an impossible cpu " + cpu + "; expected 0 to "
                            + (Kernel.MAX_CPUS - 1));
                }
                long pid = varint(s, "pid");
                if (pid > Integer.MAX_VALUE) {
                    throw bad("event " + s + " has an impossible pid " + pid);
                }
                Schema schema = t.schema();
                for (int f = 0; f < schema.arity(); f++) {
                    Field field = schema.fields().get(f);
                    long v = Varint.unzigzag(varint(s, field.name()));
                    if (field.type() == FieldType.PFN) {
                        v += prevPfn;
                        prevPfn = v;
                    }
                    check(s, t, field, v);
                    args[f] = v;
                }
                int parent = depth == 0 ? 0 : open[depth - 1];
                long result = 0;
                if (schema.isCall()) {
                    result = Varint.unzigzag(varint(s, "result"));
                    check(s, t, schema.result(), result);
                }
                if (log != null) {
                    log.append(t, parent, depth, cpu, (int) pid, args);
                    log.setResult(s, result);
                }
                open[depth] = s;
                prevDepth = depth;
                eventsDigest = EventLog.digest(eventsDigest, t.id(), depth, cpu, (int) pid, parent, result, args,
                        schema.arity());
            } catch (EOFException e) {
                throw bad("the payload ends inside event " + s + " of the " + n + " it announces");
            }
        }

        /** Refuses a value its field cannot hold, so that nothing reading the log meets one. */
        private void check(int step, EventType t, Field f, long v) throws BadRecordingException {
            long max = switch (f.type()) {
                case ZONE -> ZoneType.COUNT - 1;
                case ORDER -> Byte.MAX_VALUE;
                case MIGRATETYPE -> MigrateType.COUNT - 1;
                case BOOL -> 1;
                case CPU -> Kernel.MAX_CPUS - 1;
                case ENUM -> f.constants().size() - 1;
                case PFN -> Kernel.MAX_PFNS - 1;
                default -> Long.MAX_VALUE;
            };
            long min = switch (f.type()) {
                case ZONE, ORDER, MIGRATETYPE, PFN -> -1;
                case BOOL, CPU, ENUM -> 0;
                default -> Long.MIN_VALUE;
            };
            if (v < min || v > max) {
                throw bad("event " + step + " (" + t.schema().function() + ") has an impossible " + f.name() + " " + v
                        + "; expected " + min + " to " + max);
            }
        }

        /** An unsigned varint of at most ten bytes. */
        private long varint(int step, String what) throws IOException, BadRecordingException {
            long z = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                int b = in.readUnsignedByte();
                z |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return z;
                }
            }
            throw bad("event " + step + " has a malformed " + what + " (a varint longer than 10 bytes)");
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

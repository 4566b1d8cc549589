package dev.folioscope.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.FieldType;
import dev.folioscope.kernel.trace.FieldType.Ref;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.kernel.trace.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The object index answers what a plain scan of every event's {@link Event#refs()} answers: for
 * every shipped scenario, every object the scan finds and a sample of pfns in and around every
 * block named. Addresses are tested through the index's builder with test-only event types, as
 * {@link EventType#id()} (which the recorder needs) is defined only for registered types and no
 * registered type has an ADDR field yet.
 */
class ObjectIndexTest {
    /** Test-only events of a virtual memory subsystem, with the field types the kernel has none of yet. */
    private enum VmEvents implements EventType {
        /** The address is in the space of the field pid, not of the task that ran it. */
        MMAP(Schema.point("do_mmap", "mm/mmap.c").f("pid", FieldType.PID).f("addr", FieldType.ADDR)
                .f("len", FieldType.BYTES).f("vma", FieldType.VMA).says("mmap")),
        /** No PID field: the address is the running task's. */
        FAULT(Schema.point("handle_mm_fault", "mm/memory.c").f("addr", FieldType.ADDR).f("vma", FieldType.VMA)
                .f("folio", FieldType.FOLIO).says("fault")),
        /** The first PID field decides. */
        FORK(Schema.point("dup_mmap", "kernel/fork.c").f("parent", FieldType.PID).f("child", FieldType.PID)
                .f("addr", FieldType.ADDR).says("fork"));

        private final Schema schema;

        VmEvents(Schema schema) {
            this.schema = schema;
        }

        @Override
        public Schema schema() {
            return schema;
        }
    }

    static Stream<String> scenarios() {
        return Catalog.shippedNames().stream();
    }

    private static Recording record(String scenario) {
        return Recorder.record(Catalog.input(Catalog.shipped(scenario)), n -> { });
    }

    /** An object as the scan keys it: an address by (pid, page), anything else by value. */
    private record Key(Ref kind, long pid, long value) {
    }

    /** What a plain scan of every event's refs finds. */
    private static final class Scan {
        final Map<Key, NavigableSet<Integer>> exact = new LinkedHashMap<>();
        final List<long[]> blocks = new ArrayList<>();

        Scan(Recording r) {
            for (int s = 1; s <= r.lastStep(); s++) {
                for (ObjectRef ref : r.events().get(s).refs()) {
                    switch (ref.kind()) {
                        case PFN -> blocks.add(new long[] {s, ref.value(), Math.min(ref.value() + (1L << ref.order()),
                            1L << ObjectIndex.PFN_BITS)});
                        case FOLIO, ZONE, VMA -> exact.computeIfAbsent(new Key(ref.kind(), -1, ref.value()),
                                k -> new TreeSet<>()).add(s);
                        case ADDRESS -> exact.computeIfAbsent(new Key(Ref.ADDRESS, ref.pid(), ref.vpn()),
                                k -> new TreeSet<>()).add(s);
                        default -> {
                        }
                    }
                }
            }
        }

        /** The steps naming a block that contains {@code pfn}. */
        NavigableSet<Integer> pfn(long pfn) {
            NavigableSet<Integer> out = new TreeSet<>();
            for (long[] b : blocks) {
                if (b[1] <= pfn && pfn < b[2]) {
                    out.add((int) b[0]);
                }
            }
            return out;
        }
    }

    private interface Query {
        int[] steps();

        int count();

        int lastAtOrBefore(int step);

        int nextAfter(int step);
    }

    private static Query query(ObjectIndex index, Key k) {
        return k.kind() == Ref.ADDRESS ? new Query() {
            public int[] steps() {
                return index.steps(k.pid(), k.value() << 12);
            }

            public int count() {
                return index.count(k.pid(), k.value() << 12);
            }

            public int lastAtOrBefore(int step) {
                return index.lastAtOrBefore(k.pid(), k.value() << 12, step);
            }

            public int nextAfter(int step) {
                return index.nextAfter(k.pid(), k.value() << 12, step);
            }
        } : new Query() {
            public int[] steps() {
                return index.steps(k.kind(), k.value());
            }

            public int count() {
                return index.count(k.kind(), k.value());
            }

            public int lastAtOrBefore(int step) {
                return index.lastAtOrBefore(k.kind(), k.value(), step);
            }

            public int nextAfter(int step) {
                return index.nextAfter(k.kind(), k.value(), step);
            }
        };
    }

    /** The index answers every query on the object as the expected steps do. */
    private static void assertAgrees(ObjectIndex index, Key k, NavigableSet<Integer> expected, int lastStep) {
        Query q = query(index, k);
        String what = k.kind() + (k.kind() == Ref.ADDRESS ? " pid " + k.pid() + " page 0x" : " 0x")
                + Long.toHexString(k.value());
        assertThat(q.steps()).as(what).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        assertThat(q.count()).as(what).isEqualTo(expected.size());
        TreeSet<Integer> probes = new TreeSet<>(List.of(0, 1, lastStep, lastStep + 1));
        int n = 0;
        for (int s : expected) {
            probes.addAll(List.of(s - 1, s, s + 1));
            if (++n == 40) {
                probes.add(expected.last());
                break;
            }
        }
        for (int p : probes) {
            Integer last = expected.floor(p);
            Integer next = expected.higher(p);
            assertThat(q.lastAtOrBefore(p)).as(what + " last at or before " + p)
                    .isEqualTo(last == null ? ObjectIndex.NONE : last);
            assertThat(q.nextAfter(p)).as(what + " next after " + p).isEqualTo(next == null ? ObjectIndex.NONE : next);
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theIndexAgreesWithAScanOfEveryEventsRefs(String scenario) {
        Recording r = record(scenario);
        ObjectIndex index = r.objects();
        Scan scan = new Scan(r);
        assertThat(scan.blocks).as("the scenario names pfns").isNotEmpty();
        for (var e : scan.exact.entrySet()) {
            assertAgrees(index, e.getKey(), e.getValue(), r.lastStep());
        }
        for (int zone = 0; zone < 8; zone++) {
            Key k = new Key(Ref.ZONE, -1, zone);
            assertAgrees(index, k, scan.exact.getOrDefault(k, new TreeSet<>()), r.lastStep());
        }
        // Every pfn of a small machine; else each block's edges and middle, and their neighbours.
        long end = scan.blocks.stream().mapToLong(b -> b[2]).max().orElseThrow();
        long[] pfns = end <= 8192 ? LongStream.rangeClosed(0, end).toArray()
                : scan.blocks.stream().flatMapToLong(b -> LongStream.of(b[1] - 1, b[1], b[1] + 1, (b[1] + b[2]) / 2,
                        b[2] - 1, b[2])).filter(p -> p >= 0).sorted().distinct().toArray();
        int stride = Math.max(1, pfns.length / 3000);
        for (int i = 0; i < pfns.length; i += stride) {
            assertAgrees(index, new Key(Ref.PFN, -1, pfns[i]), scan.pfn(pfns[i]), r.lastStep());
        }
    }

    @Test
    void aMergeAtOrder3ShowsInTheHistoryOfEveryPfnOfTheMergedBlock() {
        Recording r = record("buddy-split-merge");
        ObjectIndex index = r.objects();
        List<Event> merges = IntStream.rangeClosed(1, r.lastStep()).mapToObj(r.events()::get)
                .filter(e -> e.type() == PageAllocEvents.BUDDY_MERGE && e.arg("order") == 3).toList();
        assertThat(merges).as("buddy merges at order 3").isNotEmpty();
        for (Event m : merges) {
            long head = Math.min(m.arg("pfn"), m.arg("buddy_pfn"));
            assertThat(head % 16).as("the merged order-4 block is aligned").isZero();
            for (long pfn = head; pfn < head + 16; pfn++) {
                assertThat(index.steps(Ref.PFN, pfn)).as("pfn 0x%x", pfn).contains(m.step());
                assertThat(index.lastAtOrBefore(Ref.PFN, pfn, m.step())).isEqualTo(m.step());
                assertThat(index.nextAfter(Ref.PFN, pfn, m.step() - 1)).isEqualTo(m.step());
            }
            assertThat(index.steps(Ref.PFN, head - 1)).as("the pfn below the block").doesNotContain(m.step());
            assertThat(index.steps(Ref.PFN, head + 16)).as("the pfn above the block").doesNotContain(m.step());
        }
    }

    @Test
    void aBlockNotAlignedToItsOrderCoversExactlyItsPfns() {
        ObjectIndex.Builder b = new ObjectIndex.Builder();
        b.add(1, PageAllocEvents.ADD_TO_FREE_LIST, 0, new long[] {0, 0x203, 2, 1, 0});
        // Two blocks of one event overlap at 0x204..0x207: the step counts once.
        b.add(2, PageAllocEvents.BUDDY_MERGE, 0, new long[] {0, 0x200, 3, 1, 0x204});
        // No ORDER field: one pfn.
        b.add(3, PageAllocEvents.SET_PAGEBLOCK_MIGRATETYPE, 0, new long[] {0, 0x20a, 1, 2});
        // -1 names nothing.
        b.add(4, PageAllocEvents.ADD_TO_FREE_LIST, 0, new long[] {0, -1, 0, 1, 0});
        ObjectIndex index = b.build();
        assertThat(index.steps(Ref.PFN, 0x1ff)).isEmpty();
        assertThat(index.steps(Ref.PFN, 0x200)).containsExactly(2);
        assertThat(index.steps(Ref.PFN, 0x203)).containsExactly(1, 2);
        assertThat(index.steps(Ref.PFN, 0x205)).containsExactly(1, 2);
        assertThat(index.count(Ref.PFN, 0x205)).isEqualTo(2);
        assertThat(index.steps(Ref.PFN, 0x206)).containsExactly(1, 2);
        assertThat(index.steps(Ref.PFN, 0x207)).containsExactly(2);
        assertThat(index.steps(Ref.PFN, 0x20b)).containsExactly(2);
        assertThat(index.steps(Ref.PFN, 0x20a)).containsExactly(2, 3);
        assertThat(index.steps(Ref.PFN, 0x20c)).isEmpty();
        assertThat(index.steps(Ref.ZONE, 0)).containsExactly(1, 2, 3, 4);
        assertThat(index.lastAtOrBefore(Ref.PFN, 0x206, 5)).isEqualTo(2);
        assertThat(index.lastAtOrBefore(Ref.PFN, 0x206, 1)).isEqualTo(1);
        assertThat(index.lastAtOrBefore(Ref.PFN, 0x206, 0)).isEqualTo(ObjectIndex.NONE);
        assertThat(index.nextAfter(Ref.PFN, 0x203, 0)).isEqualTo(1);
        assertThat(index.nextAfter(Ref.PFN, 0x203, 2)).isEqualTo(ObjectIndex.NONE);
        assertThat(index.steps(Ref.PFN, -1)).isEmpty();
    }

    @Test
    void anAddressIsKeyedByTheFirstPidFieldElseByTheTaskTheEventRanFor() {
        List<Event> events = List.of(
                new Event(1, VmEvents.MMAP, 0, 0, 0, 7, new long[] {42, 0x7f0000001234L, 0x2000, 5}, 0),
                new Event(2, VmEvents.FAULT, 0, 0, 0, 42, new long[] {0x7f0000001ff8L, 5, 0x300}, 0),
                new Event(3, VmEvents.FORK, 0, 0, 0, 1, new long[] {42, 43, 0x7f0000001000L}, 0),
                new Event(4, VmEvents.FAULT, 0, 0, 0, 43, new long[] {0x7f0000002000L, 6, -1}, 0),
                new Event(5, VmEvents.MMAP, 0, 0, 0, 7, new long[] {-1, 0x7f0000001000L, 0x1000, -1}, 0));
        ObjectIndex.Builder b = new ObjectIndex.Builder();
        for (Event e : events) {
            b.add(e.step(), e.type(), e.pid(), e.args());
        }
        ObjectIndex index = b.build();

        assertThat(events.get(0).refs()).containsExactly(new ObjectRef(Ref.PID, "pid", 42, -1, 0),
                new ObjectRef(Ref.ADDRESS, "addr", 0x7f0000001234L, 42, 0), new ObjectRef(Ref.VMA, "vma", 5, -1, 0));
        assertThat(events.get(1).refs()).contains(new ObjectRef(Ref.ADDRESS, "addr", 0x7f0000001ff8L, 42, 0));
        assertThat(events.get(2).refs()).contains(new ObjectRef(Ref.ADDRESS, "addr", 0x7f0000001000L, 42, 0));
        assertThat(events.get(4).refs()).as("an address in no address space names nothing").isEmpty();
        assertThat(index.steps(42, 0x7f0000001000L)).as("page 0x7f0000001 of pid 42").containsExactly(1, 2, 3);
        assertThat(index.steps(42, 0x7f0000001abcL)).as("any address in the page").containsExactly(1, 2, 3);
        assertThat(index.steps(7, 0x7f0000001000L)).as("not the space of the task that ran mmap").isEmpty();
        assertThat(index.steps(1, 0x7f0000001000L)).as("nor of the task that ran fork").isEmpty();
        assertThat(index.steps(43, 0x7f0000001000L)).as("the child is the second PID field").isEmpty();
        assertThat(index.steps(43, 0x7f0000002000L)).containsExactly(4);
        assertThat(index.steps(42, 0x7f0000002000L)).isEmpty();
        assertThat(index.lastAtOrBefore(42, 0x7f0000001000L, 2)).isEqualTo(2);
        assertThat(index.nextAfter(42, 0x7f0000001000L, 3)).isEqualTo(ObjectIndex.NONE);
        assertThat(index.count(42, 0x7f0000001000L)).isEqualTo(3);
        assertThat(index.steps(Ref.VMA, 5)).containsExactly(1, 2);
        assertThat(index.steps(Ref.FOLIO, 0x300)).containsExactly(2);
        assertThat(index.steps(Ref.FOLIO, 0x301)).as("a folio by its head pfn only").isEmpty();
        assertThat(index.steps(Ref.PFN, 0x300)).as("a folio is not a pfn").isEmpty();
        assertThatThrownBy(() -> index.steps(Ref.ADDRESS, 0x7f0000001000L)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> index.steps(Ref.PID, 42)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Records {@code n} events, each naming zone 0 and the order-0 block at {@code pfn.applyAsLong(i)}. */
    private static Recording scripted(int n, java.util.function.IntToLongFunction pfn) {
        List<ScriptedWorkload.Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long p = pfn.applyAsLong(i);
            ops.add((k, t, gen) -> t.point(PageAllocEvents.ADD_TO_FREE_LIST, 0, p, 0, 1, 0));
        }
        return Recorder.record(ScriptedWorkload.input(ops), x -> { });
    }

    @Test
    void theBytesReportedGrowLinearlyWithTheEventsOnAFewObjects() {
        long[] bytes = new long[4];
        for (int i = 0; i < bytes.length; i++) {
            ObjectIndex index = scripted(2000 << i, e -> e % 64).objects();
            assertThat(index.pairs()).isEqualTo(2L * (2000 << i));
            assertThat(index.objects()).isEqualTo(65);
            bytes[i] = index.bytes();
        }
        for (int i = 1; i < bytes.length; i++) {
            // Each doubling of the events adds 4 bytes a pair added, give or take the padding of
            // each object's array to 8 bytes.
            assertThat(bytes[i] - bytes[i - 1]).isCloseTo(4L * 2 * (2000 << (i - 1)), within(8L * 65));
        }
    }

    @Test
    void theBytesReportedGrowLinearlyWithTheObjectsNamed() {
        for (int n = 2000; n <= 16000; n *= 2) {
            ObjectIndex index = scripted(n, e -> 2L * e).objects();
            assertThat(index.objects()).isEqualTo(n + 1);
            // 4 bytes a pair, and per object a table slot (a long and a reference, at most 3/4 of
            // the slots used; 12 to 24 bytes) and an array of one step (24 bytes).
            assertThat(index.bytes()).as("%d events", n).isBetween(4L * 2 * n + 36L * n, 4L * 2 * n + 48L * n + 4096);
        }
    }

    @Test
    void aLoadedRecordingHasTheSameIndex(@TempDir Path dir) throws IOException,
            RecordingFile.BadRecordingException {
        Recording r = record("buddy-split-merge");
        Path file = dir.resolve("r.folio");
        RecordingFile.write(r, file);
        Recording loaded = RecordingFile.load(file, Catalog::inputFromText);
        ObjectIndex a = r.objects();
        ObjectIndex b = loaded.objects();
        assertThat(b.objects()).isEqualTo(a.objects());
        assertThat(b.pairs()).isEqualTo(a.pairs());
        assertThat(b.bytes()).isEqualTo(a.bytes());
        for (long pfn = 0; pfn <= 4096; pfn++) {
            assertThat(b.steps(Ref.PFN, pfn)).isEqualTo(a.steps(Ref.PFN, pfn));
        }
        assertThat(b.steps(Ref.ZONE, 0)).isEqualTo(a.steps(Ref.ZONE, 0));
    }
}

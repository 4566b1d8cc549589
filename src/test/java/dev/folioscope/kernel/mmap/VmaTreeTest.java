package dev.folioscope.kernel.mmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The persistent VMA tree: ordered lookups as find_vma and vma_lookup give them, gap search, sharing. */
class VmaTreeTest {
    private static final long P = Mman.PAGE_SIZE;

    private static Vma vma(int id, long startPage, long endPage) {
        return Vma.of(id, startPage * P, endPage * P, VmFlags.VM_READ, startPage, Vma.NO_FILE);
    }

    @Test
    void lookupsFollowFindVmaAndVmaLookup() {
        VmaTree t = VmaTree.EMPTY.insert(vma(1, 10, 20)).insert(vma(2, 30, 40)).insert(vma(3, 40, 50));
        assertThat(t.findVma(0).id()).isEqualTo(1);
        assertThat(t.findVma(20 * P).id()).isEqualTo(2); // first VMA ending above addr, starting above it
        assertThat(t.vmaLookup(20 * P)).isNull();
        assertThat(t.vmaLookup(45 * P).id()).isEqualTo(3);
        assertThat(t.findVma(50 * P)).isNull();
        assertThat(t.findIntersection(20 * P, 30 * P)).isNull();
        assertThat(t.findIntersection(20 * P, 31 * P).id()).isEqualTo(2);
        assertThat(t.prev(t.byId(3)).id()).isEqualTo(2);
        assertThat(t.next(t.byId(1)).id()).isEqualTo(2);
        assertThat(t.prevOf(30 * P).id()).isEqualTo(1);
        assertThat(t.range(15 * P, 41 * P)).extracting(Vma::id).containsExactly(1, 2, 3);
    }

    @Test
    void overlapsAndDuplicateIdsAreRefused() {
        VmaTree t = VmaTree.EMPTY.insert(vma(1, 10, 20));
        assertThatThrownBy(() -> t.insert(vma(2, 19, 21))).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> t.insert(vma(1, 30, 31))).hasMessageContaining("already");
        assertThatThrownBy(() -> t.remove(vma(1, 10, 21))).hasMessageContaining("not in the tree");
    }

    @Test
    void anUpdateLeavesTheOlderTreeAsItWas() {
        VmaTree a = VmaTree.EMPTY.insert(vma(1, 10, 20));
        VmaTree b = a.insert(vma(2, 30, 40)).replace(vma(1, 10, 20), vma(1, 10, 25));
        assertThat(a.list()).containsExactly(vma(1, 10, 20));
        assertThat(b.list()).containsExactly(vma(1, 10, 25), vma(2, 30, 40));
        assertThat(a.bytesNotIn(a)).isZero();
        assertThat(b.bytesNotIn(a)).isPositive().isLessThan(b.bytesNotIn(null) + 1);
    }

    /** Random inserts and removals against a plain list; gap searches against a brute-force scan. */
    @Test
    void agreesWithABruteForceModel() {
        Random rnd = new Random(42);
        VmaTree t = VmaTree.EMPTY;
        List<Vma> model = new ArrayList<>();
        int id = 0;
        for (int step = 0; step < 3000; step++) {
            if (model.isEmpty() || rnd.nextInt(3) > 0) {
                long s = rnd.nextInt(4000) + 1;
                long e = s + rnd.nextInt(20) + 1;
                Vma v = vma(++id, s, e);
                if (model.stream().noneMatch(m -> m.start() < v.end() && v.start() < m.end())) {
                    t = t.insert(v);
                    model.add(v);
                }
            } else {
                Vma v = model.remove(rnd.nextInt(model.size()));
                t = t.remove(v);
            }
            model.sort((x, y) -> Long.compare(x.start(), y.start()));
            assertThat(t.size()).isEqualTo(model.size());
            if (step % 50 == 0) {
                t.check();
                assertThat(t.list()).isEqualTo(model);
                for (int q = 0; q < 20; q++) {
                    long lo = (rnd.nextInt(4000)) * P;
                    long hi = lo + (rnd.nextInt(2000) + 1) * P;
                    long len = (rnd.nextInt(30) + 1) * P;
                    assertThat(t.highestGap(lo, hi, len)).as("highest").isEqualTo(bruteHighest(model, lo, hi, len));
                    assertThat(t.lowestGap(lo, hi, len)).as("lowest").isEqualTo(bruteLowest(model, lo, hi, len));
                }
            }
        }
    }

    private static List<long[]> gaps(List<Vma> model) {
        List<long[]> g = new ArrayList<>();
        long prevEnd = 0;
        for (Vma v : model) {
            g.add(new long[] {prevEnd, v.start()});
            prevEnd = v.end();
        }
        g.add(new long[] {prevEnd, Long.MAX_VALUE});
        return g;
    }

    private static long bruteHighest(List<Vma> model, long lo, long hi, long len) {
        List<long[]> g = gaps(model);
        for (int i = g.size() - 1; i >= 0; i--) {
            long s = Math.max(g.get(i)[0], lo);
            long e = Math.min(g.get(i)[1], hi);
            if (e > s && e - s >= len) {
                return e;
            }
        }
        return -1;
    }

    private static long bruteLowest(List<Vma> model, long lo, long hi, long len) {
        for (long[] gap : gaps(model)) {
            long s = Math.max(gap[0], lo);
            long e = Math.min(gap[1], hi);
            if (e > s && e - s >= len) {
                return s;
            }
        }
        return -1;
    }
}

package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.task.Syscalls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process, page-table, folio and LRU views rendered from a kernel driven through its system
 * calls as fork_cow.c drives it: a process writes 4 of 8 anonymous pages, reads one, forks, and
 * the child writes a shared page (copy-on-write).
 */
class MemoryViewsTest {
    private static final long PS = 4096;

    private Kernel k;
    private Kernel before;
    private int parent;
    private int child;
    private long a;

    @BeforeEach
    void forkAndBreakCow() {
        k = TestMachines.boot(64L << 20);
        Syscalls sys = k.syscalls();
        parent = (int) sys.spawn("case");
        a = sys.mmap(parent, 0, 8 * PS, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS,
                -1, 0);
        assertThat(a).isPositive();
        for (int i = 0; i < 4; i++) {
            assertThat(sys.access(parent, a + i * PS, true)).isGreaterThanOrEqualTo(0);
        }
        assertThat(sys.access(parent, a + 5 * PS, false)).isGreaterThanOrEqualTo(0);
        child = (int) sys.fork(parent);
        before = k.fork();
        assertThat(sys.access(child, a + PS, true)).isGreaterThanOrEqualTo(0);
    }

    private Focus focus(int pid, long va) {
        return Focus.NONE.with(FocusKey.PID, pid).with(FocusKey.VA, va);
    }

    private long pte(Kernel kernel, int pid, long va) {
        var mm = kernel.tasks().get(pid).mm();
        return new PageTables(kernel.pgtables(), mm.la57(), null).walk((int) mm.pgd(), va).steps().getLast().entry();
    }

    @Test
    void processViewListsTasksAndTheMapsOfTheFocusedOne() {
        String html = ProcessPanel.render(ViewContext.of(k, before, focus(child, a + PS)));
        assertThat(html).contains("data-pid=\"" + parent + "\"", "data-pid=\"" + child + "\"");
        assertThat(html).contains(String.format("%08x-%08x", a, a + 8 * PS)).contains("rw-p");
        assertThat(html).contains("VmPTE").contains("total_vm");
        var mm = k.tasks().get(child).mm();
        String text = html.replaceAll("<[^>]+>", "").replace("&#39;", "'");
        for (var v : mm.vmas()) {
            assertThat(text).contains(dev.folioscope.kernel.proc.Maps.line(k, mm, v));
        }
        // copy-on-write replaced a page: the child's VMA has as many resident pages as before
        assertThat(html).containsPattern("<tr class=\"fs-vma fs-sel\"[^>]*>.*?<td class=\"fs-mapsline\"><button[^>]*>"
                + String.format("%08x", a));
        Kernel mid = k.fork();
        assertThat(k.syscalls().access(parent, a + 6 * PS, true)).isGreaterThanOrEqualTo(0);
        String grown = ProcessPanel.render(ViewContext.of(k, mid, focus(parent, a)));
        assertThat(grown).containsPattern("<tr class=\"fs-vma fs-sel fs-changed\"[^>]*>.*?"
                + "<td class=\"fs-mapsline\"><button[^>]*>"
                + String.format("%08x", a));
    }

    @Test
    void pageTableViewShowsTheWriteProtectedPteBeforeAndTheCopyAfter() {
        long old = pte(before, child, a + PS);
        long now = pte(k, child, a + PS);
        assertThat(Pte.write(old)).isFalse();
        assertThat(Pte.write(now)).isTrue();
        assertThat(Pte.pfn(now)).isNotEqualTo(Pte.pfn(old));
        String html = PageTablePanel.render(ViewContext.of(k, before, focus(child, a + PS)));
        assertThat(html).contains("<b id=\"fs-walk-va\">0x" + Long.toHexString(a + PS) + "</b>");
        assertThat(html).containsPattern("<tr class=\"fs-level-pte fs-changed\" data-level=\"pte\" data-entry=\"0x"
                + Long.toHexString(now) + "\">");
        assertThat(html).contains("was " + Pte.describe(old));
        assertThat(html).contains("data-go=\"pid=" + child + ";va=0x" + Long.toHexString(a + PS) + ";pfn=0x"
                + Long.toHexString(Pte.pfn(now)) + "\"");
        assertThat(html).contains("<td>pgd</td>", "<td>pud</td>", "<td>pmd</td>");
    }

    @Test
    void folioInspectorShowsTheOldFolioLosingAMapping() {
        int oldPfn = (int) Pte.pfn(pte(before, child, a + PS));
        String html = FolioPanel.render(ViewContext.of(k, before, Focus.NONE.withPfn(oldPfn)));
        assertThat(html).contains("<span id=\"fs-mapcount\" class=\"fs-changed\">1</span> <span class=\"fs-was\">"
                + "was 2</span>");
        assertThat(html).contains("anonymous folio", "anon_vma ");
        assertThat(html).contains("mapped by 1 PTE");
        assertThat(html).contains("data-go=\"pid=" + parent + ";va=0x" + Long.toHexString(a + PS)
                + ";view=pagetable\"");

        int newPfn = (int) Pte.pfn(pte(k, child, a + PS));
        String fresh = FolioPanel.render(ViewContext.of(k, before, Focus.NONE.withPfn(newPfn)));
        assertThat(fresh).contains("PG_anon_exclusive").contains("data-go=\"pid=" + child + ";va=0x"
                + Long.toHexString(a + PS));
    }

    @Test
    void folioInspectorNamesTheZeroPageAndPageTables() {
        assertThat(FolioPanel.render(ViewContext.of(k, before, Focus.NONE.withPfn(k.zeroPfn()))))
                .contains("the shared zero page");
        int pgd = (int) k.tasks().get(parent).mm().pgd();
        assertThat(FolioPanel.kind(k, pgd)).isEqualTo("page table");
    }

    @Test
    void lruViewShowsListsAndBatchesWithTheFocusedFolio() {
        int pfn = (int) Pte.pfn(pte(k, child, a + PS));
        String html = LruPanel.render(ViewContext.of(k, before, Focus.NONE.withPfn(pfn)));
        assertThat(html).contains("inactive_anon", "active_anon", "unevictable", "CPU 0 lru_add");
        assertThat(html).contains("fs-cell fs-sel fs-anon\" data-go=\"pfn=0x" + Integer.toHexString(pfn));
        assertThat(FolioPanel.lru(k, pfn)).containsAnyOf("lru_add batch", "inactive_anon", "active_anon");
    }

    @Test
    void walkBoxReadsHexAddresses() {
        assertThat(PageTablePanel.parseAddress("0x7f0000001000")).isEqualTo(0x7f0000001000L);
        assertThat(PageTablePanel.parseAddress("7F00")).isEqualTo(0x7f00L);
        assertThat(PageTablePanel.parseAddress("zz")).isNull();
        assertThat(PageTablePanel.parseAddress("")).isNull();
        assertThat(PageTablePanel.parseAddress("0xffffffffffffffff")).isNull();
    }

    @Test
    void viewsHaveUrlNames() {
        assertThat(ViewKind.of("pagetable")).isEqualTo(ViewKind.PAGETABLE);
        assertThat(FocusKey.VIEW.print(ViewKind.FOLIO)).isEqualTo("folio");
        for (ViewKind v : ViewKind.values()) {
            assertThat(Views.beside(v)).doesNotContain(v);
        }
    }

    @Test
    void defaultsFollowTheFocusThenTheFirstLiveTask() {
        ViewContext none = ViewContext.of(k, before, Focus.NONE);
        assertThat(none.task().pid()).isEqualTo(parent);
        assertThat(none.va(none.task())).isEqualTo(a);
        assertThat(none.pfn()).isEqualTo(-1);
        ViewContext other = ViewContext.of(k, before, focus(parent, a + PS + 5));
        assertThat(other.va(other.task())).isEqualTo(a + PS);
        assertThat(other.va(k.tasks().get(child))).isEqualTo(a);
    }

    @Test
    void physicalMapColoursEveryFrameOfTheZone() {
        int pfn = (int) Pte.pfn(pte(k, child, a + PS));
        ViewContext ctx = ViewContext.of(k, before, Focus.NONE.withPfn(pfn));
        var z = PhysMapPanel.zone(ctx);
        assertThat(z.spansPfn(pfn)).isTrue();
        PhysMapPanel.Use[] uses = PhysMapPanel.uses(k, z);
        long base = z.zoneStartPfn() / PhysMapPanel.COLS * PhysMapPanel.COLS;
        assertThat(uses[(int) (pfn - base)]).isEqualTo(PhysMapPanel.Use.ANON);
        int pgd = (int) k.tasks().get(parent).mm().pgd();
        if (z.spansPfn(pgd)) {
            assertThat(uses[(int) (pgd - base)]).isEqualTo(PhysMapPanel.Use.PGTABLE);
        }
        long i = pfn - base;
        double fx = (i % PhysMapPanel.COLS + 0.5) / PhysMapPanel.COLS;
        long rows = uses.length / PhysMapPanel.COLS;
        double fy = (i / PhysMapPanel.COLS + 0.5) / rows;
        assertThat(PhysMapPanel.pfnAt(z, fx, fy)).isEqualTo(pfn);
        String html = PhysMapPanel.render(ctx);
        assertThat(html).contains("anonymous");
        long pcpPages = 0;
        for (int cpu = 0; cpu < k.config().cpus(); cpu++) {
            pcpPages += z.pcp(cpu).count;
        }
        assertThat(pcpPages).isPositive();
        assertThat(java.util.Arrays.stream(uses).filter(u -> u == PhysMapPanel.Use.PCP).count()).isEqualTo(pcpPages);
        var img = PhysMapPanel.image(k, z, new java.util.BitSet());
        assertThat(img.getWidth()).isEqualTo(PhysMapPanel.COLS);
        int x = (int) (i % PhysMapPanel.COLS);
        int y = (int) (i / PhysMapPanel.COLS * PhysMapPanel.rowPx((int) rows));
        assertThat(img.getRGB(x, y) & 0xffffff).isEqualTo(PhysMapPanel.Use.ANON.rgb);
        // the same frame, mapped by a focused VMA, is drawn lit over its use
        java.util.BitSet lit = new java.util.BitSet();
        lit.set((int) (z.zoneStartPfn() / PhysMapPanel.COLS * PhysMapPanel.COLS + i));
        assertThat(PhysMapPanel.image(k, z, lit).getRGB(x, y) & 0xffffff).isEqualTo(PhysMapPanel.LIT);
        assertThat(PhysMapPanel.png(img)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}

package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.boot.MachineConfig.PagingMode;
import dev.folioscope.kernel.mmap.Mman;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The page-table view has a P4D row only on a machine with 5-level paging; with 4 levels the P4D
 * is folded into the PGD and has no row. The indices of 0x7f0040605000 are worked out by hand:
 * P4D (4-level: PGD) 254, PUD 1, PMD 3, PTE 5; the 5-level PGD index is 0.
 */
class PageTablePanelPagingTest {
    private static final long A = 0x7f0040605000L;
    private static final Pattern ROW = Pattern.compile(
            "data-level=\"(\\w+)\"[^>]*><td>\\w+</td><td>.*?</td><td class=\"fs-num\">(\\d+)</td>");

    @Test
    void fiveLevelsShowTheP4dAsARowOfItsOwn() {
        String html = render(PagingMode.FIVE_LEVEL);
        assertThat(rows(html)).isEqualTo("pgd 0 | p4d 254 | pud 1 | pmd 3 | pte 5");
        assertThat(html).contains("5-level paging (LA57)");
    }

    @Test
    void fourLevelsFoldTheP4d() {
        String html = render(PagingMode.FOUR_LEVEL);
        assertThat(rows(html)).isEqualTo("pgd 254 | pud 1 | pmd 3 | pte 5");
        assertThat(html).doesNotContain("data-level=\"p4d\"");
    }

    private static String render(PagingMode paging) {
        Kernel k = TestMachines.boot(64L << 20, paging);
        int pid = (int) k.syscalls().spawn("p");
        k.syscalls().mmap(pid, A, 4096, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED, -1, 0);
        k.syscalls().access(pid, A, true);
        return PageTablePanel.render(ViewContext.of(k, null, Focus.NONE.with(FocusKey.PID, pid).with(FocusKey.VA, A)));
    }

    /** The level and index of each row of the walk: "pgd 0 | p4d 254 | ...". */
    private static String rows(String html) {
        return ROW.matcher(html).results().map(m -> m.group(1) + " " + m.group(2)).collect(Collectors.joining(" | "));
    }
}

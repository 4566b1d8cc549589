package dev.folioscope.web.debugger;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.proc.ProcFile;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Panel (e): the kernel's own text files at the cursor, byte for byte as a 6.18 kernel prints
 * them: /proc/buddyinfo on top, /proc/zoneinfo, /proc/pagetypeinfo, /proc/vmstat and
 * /proc/meminfo in tabs below. Lines that changed at this step (compared with the step before)
 * are highlighted, and the first of them is scrolled into view.
 */
final class ProcPanel extends Panel {
    /** The files in tabs, in tab order; /proc/buddyinfo is always shown above them. */
    private static final List<ProcFile> TABBED = List.of(ProcFile.ZONEINFO, ProcFile.PAGETYPEINFO, ProcFile.VMSTAT,
            ProcFile.MEMINFO);

    private final Cursor cursor;
    private final Map<ProcFile, Pre> texts = new EnumMap<>(ProcFile.class);
    private final Tabs tabs = new Tabs();

    ProcPanel(Cursor cursor) {
        super("/proc", "fs-proc", cursor);
        this.cursor = cursor;
        for (ProcFile f : ProcFile.values()) {
            Pre pre = new Pre();
            pre.setId("fs-" + f.fileName());
            pre.addClassName("fs-proc-text");
            texts.put(f, pre);
        }
        Span buddyHead = new Span("/proc/buddyinfo");
        buddyHead.addClassName("fs-proc-head");
        Div buddy = new Div(buddyHead, texts.get(ProcFile.BUDDYINFO));
        buddy.addClassName("fs-proc-buddy");

        Div scroller = new Div();
        for (ProcFile f : TABBED) {
            tabs.add(new Tab("/proc/" + f.fileName()));
            scroller.add(texts.get(f));
        }
        tabs.addClassName("fs-proc-tabs");
        tabs.addSelectedChangeListener(e -> showTab());
        scroller.addClassName("fs-proc-scroll");
        body().addClassName("fs-proc-body");
        body().add(buddy, tabs, scroller);
        showTab();
    }

    private ProcFile shown() {
        return TABBED.get(tabs.getSelectedIndex());
    }

    private void showTab() {
        for (ProcFile f : TABBED) {
            texts.get(f).setVisible(f == shown());
        }
        if (cursor.moment() != null) {
            render();
        }
    }

    /**
     * Renders /proc/buddyinfo and the file of the selected tab (the hidden ones are rendered when
     * their tab is chosen: a step renders only what is seen).
     */
    @Override
    protected void render() {
        Kernel k = cursor.moment().kernel();
        Kernel before = cursor.moment().before();
        for (ProcFile f : List.of(ProcFile.BUDDYINFO, shown())) {
            String now = f.render(k);
            String was = before == null ? null : f.render(before);
            texts.get(f).getElement().setProperty("innerHTML", Html.diffLines(now, was));
        }
        scrollToChange(shown());
    }

    private void scrollToChange(ProcFile f) {
        texts.get(f).getElement().executeJs("requestAnimationFrame(() => { const c = this.querySelector('.fs-changed');"
                + " const s = this.parentElement; if (c && s) { const top = c.offsetTop;"
                + " if (top < s.scrollTop || top > s.scrollTop + s.clientHeight - 20) {"
                + " s.scrollTop = Math.max(0, top - 40); } } })");
    }
}

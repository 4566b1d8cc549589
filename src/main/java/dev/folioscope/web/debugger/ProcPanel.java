package dev.folioscope.web.debugger;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.proc.ProcFile;
import java.util.EnumMap;
import java.util.Map;

/**
 * Panel (e): the kernel's own text files at the cursor, byte for byte as a 6.18 kernel prints
 * them: /proc/buddyinfo on top, /proc/zoneinfo and /proc/pagetypeinfo in tabs below. Lines that
 * changed at this step (compared with the step before) are highlighted, and the first of them is
 * scrolled into view.
 */
final class ProcPanel extends Panel {
    private final Cursor cursor;
    private final Map<ProcFile, Pre> texts = new EnumMap<>(ProcFile.class);
    private final Tabs tabs = new Tabs();
    private final Tab zoneinfoTab = new Tab("/proc/zoneinfo");
    private final Tab pagetypeinfoTab = new Tab("/proc/pagetypeinfo");

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

        tabs.add(zoneinfoTab, pagetypeinfoTab);
        tabs.addClassName("fs-proc-tabs");
        tabs.addSelectedChangeListener(e -> showTab());
        Div scroller = new Div(texts.get(ProcFile.ZONEINFO), texts.get(ProcFile.PAGETYPEINFO));
        scroller.addClassName("fs-proc-scroll");
        body().addClassName("fs-proc-body");
        body().add(buddy, tabs, scroller);
        showTab();
    }

    private void showTab() {
        boolean zoneinfo = tabs.getSelectedTab() == zoneinfoTab;
        texts.get(ProcFile.ZONEINFO).setVisible(zoneinfo);
        texts.get(ProcFile.PAGETYPEINFO).setVisible(!zoneinfo);
        scrollToChange(zoneinfo ? ProcFile.ZONEINFO : ProcFile.PAGETYPEINFO);
    }

    @Override
    protected void render() {
        Kernel k = cursor.moment().kernel();
        Kernel before = cursor.moment().before();
        for (Map.Entry<ProcFile, Pre> e : texts.entrySet()) {
            String now = e.getKey().render(k);
            String was = before == null ? null : e.getKey().render(before);
            e.getValue().getElement().setProperty("innerHTML", Html.diffLines(now, was));
        }
        scrollToChange(tabs.getSelectedTab() == zoneinfoTab ? ProcFile.ZONEINFO : ProcFile.PAGETYPEINFO);
    }

    private void scrollToChange(ProcFile f) {
        texts.get(f).getElement().executeJs("requestAnimationFrame(() => { const c = this.querySelector('.fs-changed');"
                + " const s = this.parentElement; if (c && s) { const top = c.offsetTop;"
                + " if (top < s.scrollTop || top > s.scrollTop + s.clientHeight - 20) {"
                + " s.scrollTop = Math.max(0, top - 40); } } })");
    }
}

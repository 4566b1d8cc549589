package dev.folioscope.web.scenarios;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.scenario.Scenario;
import dev.folioscope.store.ScenarioStore;
import dev.folioscope.web.debugger.DebuggerView;
import dev.folioscope.web.editor.EditorView;
import dev.folioscope.web.recordings.RecordingService;
import org.springframework.beans.factory.annotation.Value;

/**
 * {@code /}: the shipped scenarios, each with its title, the start of its description, the
 * machine and the number of steps. A click opens it in the debugger.
 */
@Route("")
@PageTitle("Folioscope \u2014 scenarios")
public class ScenarioListView extends Div {

    ScenarioListView(RecordingService recordings, ScenarioStore store,
            @Value("${folioscope.import.max-recording-bytes}") int maxRecordingBytes) {
        addClassName("fs-home");
        H1 title = new H1("Folioscope");
        Paragraph intro = new Paragraph("A time-travel debugger for a simulated Linux 6.18 memory-management"
                + " subsystem: zones, the buddy allocator and per-CPU lists, VMAs and page tables, faults and"
                + " copy-on-write, the page cache, LRU lists, reclaim, swap, OOM and compaction. Pick a scenario, write"
                + " your own or open a file: it is recorded once, then you can step forwards and backwards through"
                + " every kernel-level event.");
        intro.addClassName("fs-intro");
        RouterLink editor = new RouterLink("New scenario — open the editor", EditorView.class);
        editor.setId("fs-new-scenario");
        editor.addClassName("fs-new-scenario");
        Div list = new Div();
        list.setId("fs-scenarios");
        list.addClassName("fs-scenarios");
        for (Scenario s : recordings.scenarios()) {
            list.add(card(s));
        }
        add(title, intro, editor, new ImportPanel(recordings, store, maxRecordingBytes), list);
    }

    private static RouterLink card(Scenario s) {
        RouterLink link = new RouterLink(DebuggerView.class, s.name());
        link.setId("fs-scenario-" + s.name());
        link.addClassName("fs-scenario");
        Span name = new Span(s.title());
        name.addClassName("fs-scenario-title");
        Span file = new Span(s.name() + ".yaml");
        file.addClassName("fs-scenario-file");
        Span machine = new Span(machine(s.machine()) + " \u00b7 " + s.steps().size() + " step"
                + (s.steps().size() == 1 ? "" : "s") + " \u00b7 seed " + s.seed());
        machine.addClassName("fs-scenario-machine");
        Div head = new Div(name, file);
        head.addClassName("fs-scenario-head");
        Div desc = new Div(excerpt(s.description()));
        desc.addClassName("fs-scenario-desc");
        link.add(head, machine, desc);
        return link;
    }

    /** "8 MiB (DMA 2048 pages) · 1 CPU", and "· 5-level paging" on a machine with it (4-level goes unsaid). */
    static String machine(MachineConfig m) {
        long pages = 0;
        StringBuilder zones = new StringBuilder();
        for (MachineConfig.ZoneConfig z : m.zones()) {
            if (z.present() > 0) {
                pages += z.present();
                zones.append(zones.isEmpty() ? "" : ", ").append(z.type().kernelName()).append(' ')
                        .append(z.present());
            }
        }
        return size(pages * MachineConfig.PAGE_SIZE) + " (" + zones + " pages) \u00b7 " + m.cpus() + " CPU"
                + (m.cpus() == 1 ? "" : "s") + (m.paging().l5() ? " \u00b7 " + m.paging().label() + " paging" : "");
    }

    private static String size(long bytes) {
        long mib = bytes >> 20;
        return mib >= 1024 && mib % 1024 == 0 ? (mib >> 10) + " GiB" : mib + " MiB";
    }

    /** The description's first paragraph, cut at about 320 characters. */
    static String excerpt(String description) {
        if (description == null) {
            return "";
        }
        String d = description.strip();
        int para = d.indexOf("\n\n");
        String first = (para < 0 ? d : d.substring(0, para)).replaceAll("\\s+", " ");
        return first.length() <= 320 ? first : first.substring(0, first.lastIndexOf(' ', 317)) + " \u2026";
    }
}

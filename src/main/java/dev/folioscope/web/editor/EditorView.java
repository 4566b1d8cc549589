package dev.folioscope.web.editor;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.scenario.ScenarioParser;
import dev.folioscope.store.ScenarioId;
import dev.folioscope.store.ScenarioStore;
import dev.folioscope.store.StoreFullException;
import dev.folioscope.store.StoredScenario;
import dev.folioscope.web.base.BoundedUpload;
import dev.folioscope.web.base.Echo;
import dev.folioscope.web.base.Notifications;
import dev.folioscope.web.debugger.SharedScenarioView;
import dev.folioscope.web.recordings.RecordingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataAccessException;

/**
 * {@code /edit}: write a scenario, see the validator's first problem at its line as you type, run
 * it. Run stores the text ({@link ScenarioStore#store}) and opens {@code /s/<id>}, which records it
 * with progress and shows it in the debugger.
 *
 * <p>The text to start from: {@code ?from=<shipped name>} a shipped scenario, {@code ?s=<id>} a
 * stored one (the debugger's "Edit" of a shared link), else a small valid template; the "Start
 * from" choice and Import (a .yaml file of at most 1 MiB of UTF-8) replace it later. An unknown
 * name or id, and a file that cannot be imported, get a message saying so; the text stays.
 */
@Route("edit")
@PageTitle("Folioscope \u2014 scenario editor")
public class EditorView extends Div implements BeforeEnterObserver {
    /** The "Start from" item of the template; the other items are shipped scenario names. */
    static final String NEW = "";

    /** What "new scenario" starts from: valid, short, and showing the shape of a step. */
    static final String TEMPLATE = """
            version: 2
            title: My scenario
            description: |
              What this scenario shows, and which steps are worth stepping into.
            seed: 1
            machine:
              memory: 16M
              cpus: 1
            steps:
              - alloc:
                  label: first
                  order: 0
                  gfp: GFP_KERNEL
                  note: an order-0 page through the per-CPU list
              - free:
                  label: first
            """;

    private final RecordingService recordings;
    private final ScenarioStore store;
    private final ScenarioEditor editor = new ScenarioEditor();
    private final Select<String> startFrom = new Select<>();
    private final Span origin = new Span();
    private final Span status = new Span();

    EditorView(RecordingService recordings, ScenarioStore store) {
        this.recordings = recordings;
        this.store = store;
        addClassName("fs-editor-page");
        editor.setId("fs-editor");
        editor.addRunListener(this::run);
        editor.addValidationListener(this::showValidation);
        status.setId("fs-editor-status");
        status.addClassName("fs-editor-status");
        status.getElement().setAttribute("aria-live", "polite");
        origin.setId("fs-editor-origin");
        origin.addClassName("fs-editor-origin");
        Div body = new Div(editor);
        body.addClassName("fs-editor-body");
        add(toolbar(), body, status);
    }

    private Div toolbar() {
        Anchor home = new Anchor("", "Folioscope");
        home.addClassName("fs-brand");
        H1 title = new H1("Scenario editor");
        List<String> items = new ArrayList<>(List.of(NEW));
        items.addAll(recordings.scenarioNames());
        startFrom.setItems(items);
        startFrom.setItemLabelGenerator(n -> n.equals(NEW) ? "new scenario (template)" : n + ".yaml");
        startFrom.setAriaLabel("Start from");
        startFrom.setPrefixComponent(new Span("start from"));
        startFrom.setPlaceholder("choose\u2026");
        startFrom.setTooltipText("Replace the text with a shipped scenario, or with a small template");
        startFrom.setId("fs-editor-start-from");
        startFrom.addValueChangeListener(e -> startFrom(e.getValue()));
        Button run = new Button("Run", e -> editor.run());
        run.setId("fs-editor-run");
        run.addThemeVariants(ButtonVariant.PRIMARY);
        run.setTooltipText("Validate, store and record the scenario, then open it in the debugger (Ctrl+Enter)");
        Div bar = new Div(home, title, startFrom, importButton(), origin, run);
        bar.addClassNames("fs-toolbar", "fs-editor-toolbar");
        return bar;
    }

    /** Loads the item chosen in "Start from"; nothing when the choice is cleared (by an import). */
    private void startFrom(String item) {
        if (item == null) {
            return;
        }
        if (item.equals(NEW)) {
            load(TEMPLATE, "template");
        } else {
            load(recordings.scenario(item).source(), item + ".yaml");
        }
    }

    /** Import: one .yaml/.yml file, read into the editor; never stored or named on the server. */
    private Upload importButton() {
        Upload upload = new BoundedUpload(ScenarioParser.MAX_FILE_BYTES, this::imported).upload(".yaml", ".yml");
        upload.setId("fs-editor-import");
        upload.setDropAllowed(false); // a drop zone would crowd the toolbar; the button opens the file chooser
        upload.setUploadButton(new Button("Import .yaml\u2026"));
        return upload;
    }

    private void imported(String name, byte[] bytes) {
        try {
            load(ScenarioParser.decode(name, bytes), name);
            startFrom.clear();
        } catch (ScenarioException e) {
            Notifications.problem("Not imported: " + e.getMessage());
        }
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        Optional<String> from = query.getSingleParameter("from");
        Optional<String> stored = query.getSingleParameter("s");
        if (stored.isPresent()) {
            openStored(stored.get());
        } else if (from.isPresent() && recordings.scenarioNames().contains(from.get())) {
            startFrom.setValue(from.get());
        } else {
            from.ifPresent(name -> Notifications.problem("There is no shipped scenario named \u201c"
                    + Echo.value(name) + "\u201d: starting from the template instead."));
            startFrom.setValue(NEW);
        }
    }

    private void openStored(String raw) {
        Optional<StoredScenario> found = ScenarioId.parse(raw).flatMap(store::find);
        if (found.isEmpty()) {
            Notifications.problem("No scenario is stored under the id \u201c" + Echo.value(raw)
                    + "\u201d on this server: starting from the template instead.");
            startFrom.setValue(NEW);
            return;
        }
        load(found.get().text(), "link " + found.get().id());
    }

    private void load(String text, String from) {
        editor.setText(text);
        origin.setText("from " + from);
    }

    private void showValidation(Validation v) {
        status.setText(v.status());
        status.getElement().setAttribute("data-valid", Boolean.toString(v.valid()));
    }

    /** Run: validate and store the text, then open its link, which records it; or say why not. */
    private void run(String text) {
        StoredScenario stored;
        try {
            stored = store.store(text);
        } catch (ScenarioException e) {
            Validation v = Validation.failed(text, e);
            showValidation(v);
            Notifications.problem("Not run: the scenario is not valid: " + v.status());
            return;
        } catch (StoreFullException | DataAccessException e) {
            Notifications.problem("Not run: the scenario could not be stored: " + e.getMessage());
            return;
        }
        UI.getCurrent().navigate(SharedScenarioView.class, stored.id());
    }
}

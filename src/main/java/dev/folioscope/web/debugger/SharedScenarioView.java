package dev.folioscope.web.debugger;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.store.ScenarioId;
import dev.folioscope.store.ScenarioStore;
import dev.folioscope.store.StoreFullException;
import dev.folioscope.store.StoredScenario;
import dev.folioscope.web.base.Echo;
import dev.folioscope.web.base.NoSuchLink;
import dev.folioscope.web.base.Notifications;
import dev.folioscope.web.recordings.RecordingService;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /s/<id>?step=N&<focus>}: a stored scenario in the debugger, with the query parameters of
 * {@code /debug/<name>}. The recording is made again from the stored text (the kernel is
 * deterministic) and kept in {@link RecordingService} under {@code s/<id>}.
 *
 * <p>An id that is malformed or names nothing gets the not-found page saying so
 * ({@link NoSuchLink}, HTTP 404). A scenario stored under another kernel model version is not
 * recorded by this one as if nothing had changed: the page says so and offers to store the text
 * under the current version, which gives it a new id, and open that.
 */
@Route("s")
public class SharedScenarioView extends DebuggerView {
    private final ScenarioStore store;

    SharedScenarioView(RecordingService recordings, SeekThreads seekThreads, Stores stores) {
        super(recordings, seekThreads, stores);
        this.store = stores.scenarios();
    }

    /**
     * The address of a stored scenario, without the leading slash: {@code s/<id>}; also its
     * recording's key in {@link RecordingService}.
     */
    public static String path(ScenarioId id) {
        return "s/" + id.value();
    }

    @Override
    public void setParameter(BeforeEvent event, String raw) {
        Optional<ScenarioId> id = ScenarioId.parse(raw);
        Optional<StoredScenario> stored = id.flatMap(store::find);
        if (stored.isEmpty()) {
            String shown = Echo.pathSegment(raw);
            event.rerouteToError(new NoSuchLink(id.isEmpty()
                    ? "\u201c" + shown + "\u201d is not a scenario link id (those are 32 letters a\u2013z and digits"
                            + " 2\u20137): check that the link was copied whole."
                    : "No scenario is stored under the id \u201c" + shown + "\u201d on this server: the link may"
                            + " belong to another Folioscope server, or its database was replaced."), "");
            return;
        }
        openStored(event, stored.get(), path(stored.get().scenarioId()),
                CursorParams.params(event.getLocation().getQueryParameters()));
    }

    /**
     * openStored() - show a stored scenario at a moment, recorded under its {@code s/<id>} key; or,
     * when it was stored under another model version, the page that says so.
     *
     * @param path the address the URL keeps showing, without the leading slash and the query
     * @param params the moment, as {@link CursorParams#parse} reads it
     */
    void openStored(BeforeEvent event, StoredScenario found, String path, Map<String, String> params) {
        if (found.modelVersion() != Kernel.MODEL_VERSION) {
            outdated(found, params);
            return;
        }
        open(event, ScenarioStore.scenario(found), path(found.scenarioId()), path, params);
    }

    /**
     * Leaves the recording screen for the page before when the user came from a page of this
     * application (the editor's Run, a link on a page): history.back() then stays in this page and
     * keeps the notices. A link opened on its own (a new tab, another site) has no page of ours
     * before it: the scenario list, then.
     */
    @Override
    void leaveRecording(UI ui) {
        ui.getPage().executeJs("""
                const loaded = performance.getEntriesByType('navigation')[0];
                if (loaded && loaded.name !== location.href && history.length > 1) {
                  history.back();
                  return false;
                }
                return true;""").then(Boolean.class, toList -> {
                    if (toList) {
                        ui.navigate("");
                    }
                });
    }

    /** The page for a scenario stored under another model version: what that means, and a way on. */
    private void outdated(StoredScenario found, Map<String, String> params) {
        removeAll();
        QueryParameters query = QueryParameters.simple(params);
        Button reopen = new Button("Open it under model version " + Kernel.MODEL_VERSION,
                e -> storeAgain(found, query));
        reopen.setId("fs-reopen-current-model");
        reopen.addThemeVariants(ButtonVariant.PRIMARY);
        Div page = new Div(new H1("This link was made by an older Folioscope"),
                new Paragraph("It was shared under version " + found.modelVersion() + " of the simulated kernel;"
                        + " this server runs version " + Kernel.MODEL_VERSION + ", which may record the same scenario"
                        + " differently, so the steps the link points to may have moved."),
                new Paragraph(reopen), new Anchor("", "\u2190 Back to the scenario list"));
        page.setId("fs-outdated-link");
        page.addClassName("fs-error-view");
        add(page);
    }

    private void storeAgain(StoredScenario found, QueryParameters query) {
        try {
            StoredScenario current = store.store(found.text());
            UI.getCurrent().navigate(path(current.scenarioId()), query);
        } catch (ScenarioException | StoreFullException e) {
            Notifications.problem("This scenario cannot be opened under model version " + Kernel.MODEL_VERSION + ": "
                    + e.getMessage());
        }
    }
}

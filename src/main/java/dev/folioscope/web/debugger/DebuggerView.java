package dev.folioscope.web.debugger;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.folioscope.recording.Recording;
import dev.folioscope.scenario.Scenario;
import dev.folioscope.store.NamedLink;
import dev.folioscope.web.base.Echo;
import dev.folioscope.web.base.Notifications;
import dev.folioscope.web.recordings.RecordingRefusedException;
import dev.folioscope.web.recordings.RecordingRequest;
import dev.folioscope.web.recordings.RecordingService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * {@code /debug/<scenario>?step=N&view=..&pid=..&va=..&zone=..&pfn=..} (see {@link FocusKey}): the time-travel
 * debugger.
 *
 * <p>Records the scenario first if no recording is cached (with a progress bar), then shows
 * the toolbar and the panels, all rendering one {@link Cursor}. Every move of the cursor is
 * written back into the URL with history.replaceState, so the address bar is always a link to
 * exactly what is on screen. Bad parameters are reported by name and replaced by valid ones; an
 * unknown scenario sends the user back to the list. Values from the URL are echoed decoded and
 * shortened ({@link Echo}). The toolbar's Share stores the scenario and gives the permanent link to
 * the moment, {@code /s/<id>?...} ({@link SharedScenarioView}, which shows it with this view's code),
 * and names it on request, {@code /l/<name>} ({@link NamedLinkView}, likewise). The bookmarks of the
 * scenario are listed under the events and marked on the timeline; the key b adds one.
 */
@Route("debug")
public class DebuggerView extends Div implements HasUrlParameter<String>, HasDynamicTitle {
    /** Keys the page handles anywhere outside text inputs. */
    private static final String KEYBOARD_JS = """
            const view = this;
            if (view.__fsKeys) { document.removeEventListener('keydown', view.__fsKeys); }
            view.__fsKeys = (e) => {
              if (!view.isConnected) { document.removeEventListener('keydown', view.__fsKeys); return; }
              if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) { return; }
              if (!['ArrowLeft', 'ArrowRight', 'Home', 'End', 'b'].includes(e.key)) { return; }
              const t = e.composedPath()[0];
              if (t && t.closest && t.closest('input, textarea, [contenteditable], vaadin-slider')) { return; }
              e.preventDefault();
              view.dispatchEvent(new CustomEvent('fs-key', {detail: {key: e.key, shift: e.shiftKey}}));
            };
            document.addEventListener('keydown', view.__fsKeys);
            """;

    /** Set on the view's element while a seek is pending: "pending", then "slow" (see {@link Cursor.Seeking}). */
    static final String SEEKING_ATTRIBUTE = "data-seeking";

    private final RecordingService recordings;
    private final SeekThreads seekThreads;
    private final Stores stores;
    /** What the address bar shows before the query: {@code debug/<name>} or {@code s/<id>}. */
    private String path;
    /** The scenario's key in {@link RecordingService}. */
    private String recordingKey;
    private String title = "Folioscope";
    private Cursor cursor;
    private BookmarkPanel bookmarkPanel;
    /** The view's own listeners on {@link #cursor}, while attached. */
    private Registration following;

    DebuggerView(RecordingService recordings, SeekThreads seekThreads, Stores stores) {
        this.recordings = recordings;
        this.seekThreads = seekThreads;
        this.stores = stores;
        addClassName("fs-debugger");
        getElement().addEventListener("fs-key", e -> key(e.getEventData().get("event.detail.key").asString(),
                e.getEventData().get("event.detail.shift").asBoolean()))
                .addEventData("event.detail.key").addEventData("event.detail.shift");
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        getElement().executeJs(KEYBOARD_JS);
    }

    @Override
    public void setParameter(BeforeEvent event, String name) {
        Scenario scenario;
        try {
            scenario = recordings.scenario(name);
        } catch (IllegalArgumentException e) {
            List<String> names = recordings.scenarioNames();
            // the list the user lands on shows them all; the message names a few, to stay short
            Notifications.problem("Unknown scenario '" + Echo.pathSegment(name) + "'; the " + names.size()
                    + " shipped ones are listed below: " + String.join(", ", names.subList(0, Math.min(4,
                            names.size()))) + (names.size() > 4 ? ", …" : ""));
            event.forwardTo("", QueryParameters.empty());
            return;
        }
        open(event, scenario, scenario.name(), "debug/" + scenario.name());
    }

    /**
     * open() - show a scenario at the step and focus that the navigation's query parameters ask for,
     * recording it first when no recording of it is cached.
     *
     * @param recordingKey the scenario's key in {@link RecordingService}
     * @param path the address the URL keeps showing, without the leading slash and the query
     */
    void open(BeforeEvent event, Scenario scenario, String recordingKey, String path) {
        open(event, scenario, recordingKey, path, CursorParams.params(event.getLocation().getQueryParameters()));
    }

    /**
     * open() - as above, at the step and focus of the given parameters.
     *
     * @param params the first value of each parameter, as {@link CursorParams#parse} reads them
     */
    void open(BeforeEvent event, Scenario scenario, String recordingKey, String path, Map<String, String> params) {
        this.recordingKey = recordingKey;
        this.path = path;
        title = scenario.title() + " \u2014 Folioscope";
        Recording cached = recordings.cached(recordingKey);
        if (cached != null) {
            show(event.getUI(), scenario, cached, params);
        } else {
            record(event.getUI(), scenario, params);
        }
    }

    /**
     * The recording screen ({@link RecordingScreen}) until the recording is made, then the debugger.
     * Cancel, a refusal (too many recordings of this user's already) and a failure each say so and
     * go back ({@link #leaveRecording}); leaving the page in any other way (another page, closing the
     * tab) withdraws the request too, so no recording is made for no one.
     */
    private void record(UI ui, Scenario scenario, Map<String, String> params) {
        removeAll();
        RecordingScreen screen = new RecordingScreen(scenario.title());
        add(screen);
        RecordingRequest request;
        try {
            request = recordings.record(recordingKey, scenario, RecordingService.requester(ui),
                    p -> ui.access(() -> screen.show(p)));
        } catch (RecordingRefusedException e) {
            ui.access(() -> { // after this navigation, which still shows the recording screen
                Notifications.problem(e.getMessage());
                leaveRecording(ui);
            });
            return;
        }
        Registration leaving = screen.addDetachListener(e -> request.cancel());
        screen.onCancel(() -> {
            request.cancel();
            Notifications.notice("Recording of \u201c" + scenario.title() + "\u201d cancelled.");
            leaveRecording(ui);
        });
        request.result().whenComplete((recording, error) -> ui.access(() -> {
            leaving.remove();
            if (error instanceof CancellationException || !screen.isAttached()) {
                return; // cancelled here, or the page shows something else now
            }
            if (error != null) {
                Notifications.problem("Recording " + scenario.name() + " failed: " + error.getMessage());
                leaveRecording(ui);
            } else {
                show(ui, scenario, recording, params);
            }
        }));
    }

    /** Leaves the recording screen for the page the user came from: here, the scenario list. */
    void leaveRecording(UI ui) {
        ui.navigate("");
    }

    private void show(UI ui, Scenario scenario, Recording recording, Map<String, String> params) {
        CursorParams.Parsed parsed = CursorParams.parse(params, recording.lastStep(),
                recording.timeline().seek(0).kernel());
        for (String problem : parsed.problems()) {
            Notifications.problem("Link parameter " + problem);
        }
        if (following != null) {
            following.remove();
        }
        cursor = new Cursor(scenario, recording, parsed.step(), parsed.focus(), Cursor.Threads.of(ui, seekThreads));
        removeAll();
        Div main = new Div();
        Views views = new Views(cursor, main);
        Bookmarks bookmarks = new Bookmarks(stores, cursor);
        bookmarkPanel = new BookmarkPanel(cursor, bookmarks);
        main.add(column("fs-col-left", new EventPanel(cursor), new EventListPanel(cursor), bookmarkPanel),
                views.mid(), views.right(), new TimelinePanel(cursor, bookmarks));
        main.addClassName("fs-main");
        DebuggerToolbar toolbar = new DebuggerToolbar(cursor);
        toolbar.add(new ShareButton(cursor, stores, bookmarks, openedBy()), new ExportButton(cursor),
                editLink(scenario), views.tabs());
        add(toolbar, main);
        views.layout();
        updateUrl(); // now, as the navigation that showed it may be under way; again on every attach
        following = Registration.combine(cursor.follow(this, this::updateUrl), cursor.follow(main, views::layout),
                Cursor.whileAttached(this, () -> {
                    markSeeking(cursor.seeking());
                    return cursor.addSeekListener(this::markSeeking);
                }));
    }

    /**
     * "Edit": the scenario's text in the editor, {@code /edit?from=<shipped name>}, or {@code /edit?s=<id>}
     * for a stored one (recorded under {@code s/<id>} whether opened by its id or a named link).
     */
    private Anchor editLink(Scenario scenario) {
        String query = (recordingKey.startsWith("s/") ? "s=" : "from=") + scenario.name();
        Anchor edit = new Anchor("edit?" + query, "Edit");
        edit.setId("fs-edit");
        edit.addClassName("fs-edit-link");
        edit.getElement().setAttribute("title", "Open this scenario's text in the editor, to change and run it");
        return edit;
    }

    private static Div column(String cls, Panel... panels) {
        Div col = new Div(panels);
        col.addClassNames("fs-col", cls);
        return col;
    }

    private void key(String key, boolean shift) {
        if (cursor == null) {
            return;
        }
        switch (key) {
            case "ArrowLeft" -> {
                if (shift) {
                    cursor.stepBackOver();
                } else {
                    cursor.stepBack();
                }
            }
            case "ArrowRight" -> {
                if (shift) {
                    cursor.stepOver();
                } else {
                    cursor.stepForward();
                }
            }
            case "Home" -> cursor.moveTo(0);
            case "End" -> cursor.moveTo(cursor.lastStep());
            case "b" -> bookmarkPanel.startAdding();
            default -> {
            }
        }
    }

    /** The named link this page was opened by ({@link NamedLinkView}), or null. */
    NamedLink openedBy() {
        return null;
    }

    /** The page's "busy" marker: the attribute is there exactly while a seek is pending. */
    private void markSeeking(Cursor.Seeking s) {
        if (s == Cursor.Seeking.IDLE) {
            getElement().removeAttribute(SEEKING_ATTRIBUTE);
        } else {
            getElement().setAttribute(SEEKING_ATTRIBUTE, s.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void updateUrl() {
        Map<String, String> q = CursorParams.format(cursor.step(), cursor.focus());
        Location location = new Location(path, new OrderedQuery(q));
        getUI().or(() -> java.util.Optional.ofNullable(UI.getCurrent()))
                .ifPresent(ui -> ui.getPage().getHistory().replaceState(null, location));
    }

    /** Query parameters that keep their order in the URL (step first), unlike QueryParameters' own map. */
    private static final class OrderedQuery extends QueryParameters {
        private final String queryString;

        OrderedQuery(Map<String, String> ordered) {
            super(toLists(ordered));
            this.queryString = CursorParams.queryString(ordered);
        }

        private static Map<String, List<String>> toLists(Map<String, String> m) {
            Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> lists.put(k, List.of(v)));
            return lists;
        }

        @Override
        public String getQueryString() {
            return queryString;
        }
    }
}

package dev.folioscope.web.debugger;

import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.Route;
import dev.folioscope.store.NamedLink;
import dev.folioscope.store.ScenarioId;
import dev.folioscope.store.StoredScenario;
import dev.folioscope.web.base.Echo;
import dev.folioscope.web.base.NoSuchLink;
import dev.folioscope.web.recordings.RecordingService;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /l/<name>?step=N&<focus>}: the moment a named link names, shown as {@link SharedScenarioView}
 * shows its stored scenario (the same recording, and the same page for an older model version). A
 * step given in the query replaces the link's; a focus given in the query (any focus key) replaces
 * the link's whole focus, as focus keys depend on each other. As the user moves, the address keeps
 * showing {@code /l/<name>} with the moment on screen; Share offers the name again while the
 * cursor is still at the named moment.
 *
 * <p>A malformed name, or one that names nothing, gets the not-found page saying so (HTTP 404).
 */
@Route("l")
public class NamedLinkView extends SharedScenarioView {
    private final Stores stores;
    private NamedLink openedBy;

    NamedLinkView(RecordingService recordings, SeekThreads seekThreads, Stores stores) {
        super(recordings, seekThreads, stores);
        this.stores = stores;
    }

    /** The address of a named link, without the leading slash: {@code l/<name>}. */
    static String path(String name) {
        return "l/" + name;
    }

    @Override
    public void setParameter(BeforeEvent event, String raw) {
        Optional<NamedLink> link;
        try {
            link = stores.links().find(raw);
        } catch (IllegalArgumentException e) {
            event.rerouteToError(new NoSuchLink("\u201c" + Echo.pathSegment(raw) + "\u201d is not a link name. "
                    + e.getMessage()), "");
            return;
        }
        if (link.isEmpty()) {
            event.rerouteToError(new NoSuchLink("No link is named \u201c" + Echo.pathSegment(raw) + "\u201d on this"
                    + " server: check its spelling, or the link may belong to another Folioscope server."), "");
            return;
        }
        openedBy = link.get();
        StoredScenario found = stores.scenarios().find(new ScenarioId(openedBy.scenarioId())).orElseThrow();
        openStored(event, found, path(openedBy.name()), moment(openedBy,
                CursorParams.params(event.getLocation().getQueryParameters())));
    }

    @Override
    NamedLink openedBy() {
        return openedBy;
    }

    /** The link's step and focus, each replaced by the query's when it gives one. */
    private static Map<String, String> moment(NamedLink link, Map<String, String> query) {
        boolean focusGiven = FocusKey.ALL.stream().anyMatch(k -> query.containsKey(k.name()));
        Map<String, String> params = focusGiven ? query
                : CursorParams.params(link.focusQuery());
        params.putIfAbsent(CursorParams.STEP, query.getOrDefault(CursorParams.STEP, Integer.toString(link.step())));
        return params;
    }
}

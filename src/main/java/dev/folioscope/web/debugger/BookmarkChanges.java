package dev.folioscope.web.debugger;

import com.vaadin.flow.shared.Registration;
import dev.folioscope.store.ScenarioId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Which debugger pages to tell when a scenario's bookmarks change, so that every page open on it
 * shows a bookmark added, edited or deleted on another at once.
 *
 * <p>Per instance: pages served by other instances sharing the database see the change at their
 * next read (opening the page, or a save of their own, which is refused if it would overwrite it).
 *
 * <p>Context: any thread. A listener is called on the thread of the page that made the change, so
 * it must only hand the news on to its own page ({@code UI.access}), never block.
 */
@Component
class BookmarkChanges {
    private final Map<ScenarioId, List<Runnable>> listeners = new ConcurrentHashMap<>();

    /**
     * listen() - be told of every change to {@code id}'s bookmarks made by another listener's page.
     *
     * @return the handle that stops it
     */
    Registration listen(ScenarioId id, Runnable listener) {
        listeners.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(id, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** changed() - {@code id}'s bookmarks were changed by the page of {@code by}: tell the others. */
    void changed(ScenarioId id, Runnable by) {
        for (Runnable listener : listeners.getOrDefault(id, List.of())) {
            if (listener != by) {
                listener.run();
            }
        }
    }
}

package dev.folioscope.web.debugger;

import com.vaadin.flow.shared.Registration;
import dev.folioscope.store.ScenarioId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which debugger pages to tell when a scenario's bookmarks change, so that every page open on it
 * shows a bookmark added, edited or deleted on another at once.
 *
 * <p>Per instance: pages served by other instances sharing the database see the change at their
 * next read (opening the page, or a save of their own, which is refused if it would overwrite it).
 *
 * <p>Context: any thread. The listeners run on threads of their own, never on the thread of the
 * page that made the change: telling another page runs that page's work (a read of the database,
 * a push to its browser), which must neither delay the save nor fail it. What a listener throws
 * is logged and ignored.
 */
@Component
class BookmarkChanges {
    private static final Logger LOG = LoggerFactory.getLogger(BookmarkChanges.class);

    private final Map<ScenarioId, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private final Executor executor = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * listen() - be told of every change to {@code id}'s bookmarks made by another listener's page.
     *
     * @return the handle that stops it
     */
    Registration listen(ScenarioId id, Runnable listener) {
        listeners.compute(id, (k, list) -> {
            List<Runnable> l = list != null ? list : new CopyOnWriteArrayList<>();
            l.add(listener);
            return l;
        });
        return () -> listeners.computeIfPresent(id, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** changed() - {@code id}'s bookmarks were changed by the page of {@code by}: tell the others. */
    void changed(ScenarioId id, Runnable by) {
        for (Runnable listener : listeners.getOrDefault(id, List.of())) {
            if (listener != by) {
                executor.execute(() -> {
                    try {
                        listener.run();
                    } catch (RuntimeException e) {
                        LOG.debug("a page could not be told of a bookmark change; it sees it when next opened", e);
                    }
                });
            }
        }
    }
}

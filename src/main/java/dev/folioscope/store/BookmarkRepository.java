package dev.folioscope.store;

import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

/** The bookmarks; written through {@link BookmarkService} only, which checks lengths and limits. */
interface BookmarkRepository extends ListCrudRepository<Bookmark, Long> {
    /** A scenario's bookmarks in step order, then in the order they were added. */
    List<Bookmark> findByScenarioIdOrderByStepAscIdAsc(String scenarioId);

    long countByScenarioId(String scenarioId);
}

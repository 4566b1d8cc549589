package dev.folioscope.web.debugger;

import dev.folioscope.store.BookmarkService;
import dev.folioscope.store.NamedLinkService;
import dev.folioscope.store.ScenarioStore;
import org.springframework.stereotype.Component;

/**
 * What the debugger keeps for its users, in one argument: the stored scenarios (Share), their
 * bookmarks, which pages to tell when those change, and the named links.
 */
@Component
record Stores(ScenarioStore scenarios, BookmarkService bookmarks, BookmarkChanges bookmarkChanges,
        NamedLinkService links) {
}

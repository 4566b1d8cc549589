package dev.folioscope.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one server keeps ({@code folioscope.store.*}): a bound on what anyone with the address
 * can make the database hold. Reaching a limit refuses the new row with a message naming the
 * setting; nothing already stored is touched.
 *
 * @param maxScenarios stored scenarios ({@code folioscope.store.max-scenarios})
 * @param maxBookmarks bookmarks over all scenarios ({@code folioscope.store.max-bookmarks})
 * @param maxNamedLinks named links over all scenarios ({@code folioscope.store.max-named-links})
 * @param maxBookmarksPerScenario bookmarks of one scenario ({@code folioscope.store.max-bookmarks-per-scenario}):
 *     every page open on it lists them all, so that one link cannot be made too heavy to open
 */
@ConfigurationProperties("folioscope.store")
public record StoreLimits(@DefaultValue("10000") int maxScenarios, @DefaultValue("100000") int maxBookmarks,
        @DefaultValue("100000") int maxNamedLinks, @DefaultValue("500") int maxBookmarksPerScenario) {
}

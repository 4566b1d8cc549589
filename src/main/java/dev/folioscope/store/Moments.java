package dev.folioscope.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What bookmarks and named links share: both point at a moment of a stored scenario (a step and a
 * focus), checked alike before either is saved; and the rows' timestamps, in the precision both
 * databases keep.
 */
final class Moments {
    private Moments() {
    }

    /**
     * check() - refuses a moment that is not one of a stored scenario.
     *
     * @param owner whose moment it is, as a message begins: "a bookmark's", "a link's"
     * @throws IllegalArgumentException for an unknown scenario, a negative step or an over-long focus, saying which
     */
    static void check(StoredScenarioRepository scenarios, ScenarioId scenarioId, int step, String focusQuery,
            String owner) {
        if (!scenarios.existsById(scenarioId.value())) {
            throw new IllegalArgumentException("no scenario is stored under the id " + scenarioId);
        }
        if (step < 0) {
            throw new IllegalArgumentException(owner + " step is 0 or more, not " + step);
        }
        checkLength(owner, "focus", focusQuery, Bookmark.FOCUS_QUERY_MAX_LENGTH);
    }

    /** checkLength() - refuses a value longer than {@code max} characters, naming whose and what it is. */
    static void checkLength(String owner, String what, String value, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(owner + " " + what + " is at most " + max + " characters, this one"
                    + " has " + value.length());
        }
    }

    /** The time now, to the microsecond: the precision both H2 and PostgreSQL keep, so a row reads back as written. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

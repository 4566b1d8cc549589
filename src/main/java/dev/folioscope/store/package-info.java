/**
 * What users keep: stored scenarios (the target of {@code /s/<id>} links), named links and
 * bookmarks, in a relational database through Spring Data JDBC, its schema written by Flyway
 * ({@code src/main/resources/db/migration}).
 *
 * <p>Rules of this room:
 * <ul>
 * <li>A stored scenario is immutable and content-addressed ({@link dev.folioscope.store.ScenarioId}):
 *     storing is an insert that either happens once or finds the row already there, so it needs no
 *     transaction spanning statements and two servers on one database agree on every id.</li>
 * <li>No recording is stored: the kernel is deterministic, so the text is enough to make it again.</li>
 * <li>Every write is one statement, committed or not; a bookmark update names the version it read
 *     (optimistic locking), so a concurrent edit fails with a message instead of being lost.</li>
 * <li>Nothing here is derived into a file-system path: the database holds it all.</li>
 * </ul>
 */
package dev.folioscope.store;

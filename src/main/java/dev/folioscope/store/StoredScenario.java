package dev.folioscope.store;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of {@code stored_scenario}: a scenario text as a link names it.
 *
 * @param id {@link ScenarioId#value()} of the text under {@code modelVersion}
 * @param text the normalised text ({@link ScenarioText})
 * @param modelVersion the kernel model version the id was made for
 * @param createdAt when it was first stored
 */
@Table
public record StoredScenario(@Id String id, String text, int modelVersion, Instant createdAt) {

    /** The id as a value. */
    public ScenarioId scenarioId() {
        return new ScenarioId(id);
    }
}

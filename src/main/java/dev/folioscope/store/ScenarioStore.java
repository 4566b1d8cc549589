package dev.folioscope.store;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.scenario.Scenario;
import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.scenario.ScenarioParser;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.stereotype.Service;

/**
 * The stored scenarios: store a text, find it by id, make it a scenario to record.
 *
 * <p>Storing is idempotent and needs no transaction around its statements: the id follows from the
 * text, a row is never changed after its insert, and an insert that loses a race to the same
 * insert on another thread or server finds the winner's row (identical by construction).
 */
@Service
public class ScenarioStore {
    /** The file name validation errors show for a text being stored, and in the web editor. */
    public static final String FILE = "scenario.yaml";

    private final StoredScenarioRepository scenarios;
    private final JdbcAggregateOperations jdbc;
    private final StoreLimits limits;

    ScenarioStore(StoredScenarioRepository scenarios, JdbcAggregateOperations jdbc, StoreLimits limits) {
        this.scenarios = scenarios;
        this.jdbc = jdbc;
        this.limits = limits;
    }

    /**
     * store() - keep a scenario text under the current kernel model version.
     *
     * <p>Context: any thread; one insert at most, committed on its own.
     *
     * @param text the scenario as written; it is normalised ({@link ScenarioText}) first
     * @return the stored row: the existing one when the same normalised text was stored before
     * @throws ScenarioException when the text is not a valid scenario (over 1 MiB included), with
     *     file ({@value #FILE}), line and column, exactly as the command line reports it
     * @throws StoreFullException when the text is new and the server holds
     *     {@link StoreLimits#maxScenarios()} scenarios already
     */
    public StoredScenario store(String text) {
        String normalised = ScenarioText.normalise(text);
        ScenarioId id = idOf(normalised);
        Optional<StoredScenario> existing = scenarios.findById(id.value());
        if (existing.isPresent()) {
            return existing.get();
        }
        ScenarioParser.parse(FILE, normalised);
        if (scenarios.count() >= limits.maxScenarios()) {
            throw new StoreFullException("scenarios", limits.maxScenarios(), "folioscope.store.max-scenarios");
        }
        StoredScenario row = new StoredScenario(id.value(), normalised, Kernel.MODEL_VERSION,
                Moments.now());
        try {
            return jdbc.insert(row);
        } catch (DuplicateKeyException raced) {
            return scenarios.findById(id.value()).orElseThrow(() -> raced);
        }
    }

    /**
     * idOf() - the id a scenario text is (or would be) stored under by {@link #store}, without storing it.
     *
     * @param text the scenario as written; normalised first
     * @return its id under the current kernel model version.
     */
    public static ScenarioId idOf(String text) {
        return ScenarioId.of(ScenarioText.normalise(text), Kernel.MODEL_VERSION);
    }

    /**
     * find() - a stored scenario by id, under whichever model version it was stored.
     *
     * @return the row, or empty when no scenario is stored under the id.
     */
    public Optional<StoredScenario> find(ScenarioId id) {
        return scenarios.findById(id.value());
    }

    /**
     * scenario() - a stored scenario parsed for recording, named by its id.
     *
     * @param stored a row stored under the current model version
     * @return the scenario, whose name is the id and whose source is the stored text
     * @throws ScenarioException when this build no longer reads the text
     */
    public static Scenario scenario(StoredScenario stored) {
        if (stored.modelVersion() != Kernel.MODEL_VERSION) {
            throw new IllegalArgumentException("scenario " + stored.id() + " was stored under model version "
                    + stored.modelVersion() + ", this build runs " + Kernel.MODEL_VERSION + ": store it again");
        }
        return ScenarioParser.parse(stored.id() + ".yaml", stored.text());
    }
}

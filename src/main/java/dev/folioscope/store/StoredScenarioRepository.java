package dev.folioscope.store;

import org.springframework.data.repository.ListCrudRepository;

/** The stored scenarios. New rows are inserted through {@link ScenarioStore} only (their ids are assigned). */
interface StoredScenarioRepository extends ListCrudRepository<StoredScenario, String> {
}

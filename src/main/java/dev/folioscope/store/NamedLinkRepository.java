package dev.folioscope.store;

import org.springframework.data.repository.ListCrudRepository;

/** The named links. New rows are inserted through {@link NamedLinkService} only (their ids are the names). */
interface NamedLinkRepository extends ListCrudRepository<NamedLink, String> {
}

package dev.folioscope.store;

/** The store on its default database: H2 in files under a fresh directory in target/ (see config/application.properties). */
class StoreH2Test extends StoreContract {
}

package dev.folioscope.store;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The store on PostgreSQL: a throw-away cluster, or skipped with the reason where there is none. */
@ExtendWith(PostgresCluster.Condition.class)
class StorePostgresTest extends StoreContract {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresCluster.usedBy(registry);
    }
}

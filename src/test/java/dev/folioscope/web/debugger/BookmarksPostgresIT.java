package dev.folioscope.web.debugger;

import dev.folioscope.store.PostgresCluster;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link BookmarksIT} with the application on PostgreSQL: a throw-away cluster, or skipped with the reason. */
@ExtendWith(PostgresCluster.Condition.class)
class BookmarksPostgresIT extends BookmarksIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresCluster.usedBy(registry);
    }
}

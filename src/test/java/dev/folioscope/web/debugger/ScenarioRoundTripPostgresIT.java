package dev.folioscope.web.debugger;

import dev.folioscope.store.PostgresCluster;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ScenarioRoundTripIT} with the application on PostgreSQL: a throw-away cluster, or skipped with the reason. */
@ExtendWith(PostgresCluster.Condition.class)
class ScenarioRoundTripPostgresIT extends ScenarioRoundTripIT {

    @Override
    protected List<String> database() {
        return List.of("spring.datasource.url=" + PostgresCluster.shared().newDatabaseUrl(),
                "spring.datasource.username=" + PostgresCluster.USER, "spring.datasource.password=");
    }
}

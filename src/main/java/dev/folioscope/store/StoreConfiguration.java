package dev.folioscope.store;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

/**
 * Turns the store on: its repositories (this package is outside the application class's, where
 * Spring Boot would look by itself) and its limits. The database itself is Spring Boot's
 * {@code spring.datasource.*} (application.properties: H2 under {@code folioscope.data-dir}).
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcRepositories
@EnableConfigurationProperties(StoreLimits.class)
class StoreConfiguration {
}

package dev.cdn.portal;

/**
 * Properties every portal test context needs. The browser test puts platform-api (and with it R2DBC, Flyway and
 * a JDBC driver) on the test classpath; the portal has no database, so those auto-configurations are switched
 * off for the portal's own context. Production is unaffected: none of them is on the portal's runtime classpath.
 */
public final class PortalTestProperties {

    public static final String NO_DATABASE = "spring.autoconfigure.exclude="
            + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
            + "org.springframework.boot.r2dbc.autoconfigure.R2dbcInitializationAutoConfiguration,"
            + "org.springframework.boot.r2dbc.autoconfigure.R2dbcProxyAutoConfiguration,"
            + "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration,"
            + "org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration,"
            + "org.springframework.boot.r2dbc.autoconfigure.metrics.ConnectionPoolMetricsAutoConfiguration,"
            + "org.springframework.boot.r2dbc.autoconfigure.observation.R2dbcObservationAutoConfiguration,"
            + "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration,"
            + "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcRepositoriesAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration";

    private PortalTestProperties() {
    }
}

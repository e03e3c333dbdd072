package dev.cdn.api;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The R2DBC pool, with one retry of a connection PostgreSQL refused the login of, after {@link DatabaseLogin} read the
 * rotated secret again. {@link Wrapped} so that metrics and health checks still find the pool.
 */
final class RefusedLoginRetry implements ConnectionFactory, Wrapped<ConnectionFactory> {

    private final ConnectionFactory pool;
    private final DatabaseLogin login;

    RefusedLoginRetry(ConnectionFactory pool, DatabaseLogin login) {
        this.pool = pool;
        this.login = login;
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.<Connection>from(pool.create()).onErrorResume(DatabaseCredentialsConfig::refusedLogin,
                refused -> login.refreshAfterRefusal().then(Mono.from(pool.create())));
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pool.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return pool;
    }
}

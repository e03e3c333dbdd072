package dev.cdn.api;

import io.r2dbc.postgresql.api.PostgresqlConnection;

/** What LISTEN needs of a pooled R2DBC connection. */
public final class PostgresConnections {

    private PostgresConnections() {
    }

    /**
     * The driver's own connection behind a pooled one (pooled connections wrap it, and only the driver's reads
     * notifications), or null when it is not a PostgreSQL connection.
     */
    public static PostgresqlConnection unwrap(Object connection) {
        Object c = connection;
        for (int depth = 0; depth < 5 && c != null; depth++) {
            if (c instanceof PostgresqlConnection pg) {
                return pg;
            }
            c = c instanceof io.r2dbc.spi.Wrapped<?> wrapped ? wrapped.unwrap() : null;
        }
        return null;
    }
}

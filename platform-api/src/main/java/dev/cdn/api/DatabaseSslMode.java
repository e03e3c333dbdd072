package dev.cdn.api;

import io.r2dbc.postgresql.client.SSLMode;

/**
 * How the control plane protects its connections to PostgreSQL, named as libpq names them ({@code sslmode},
 * PostgreSQL manual, "SSL Support" 34.19): the same value configures the R2DBC pool and Flyway's JDBC connection.
 */
enum DatabaseSslMode {
    /** Plain TCP: local development only. */
    DISABLE("disable", SSLMode.DISABLE, false),
    /** TLS, but any certificate is accepted: protects against passive eavesdropping only. */
    REQUIRE("require", SSLMode.REQUIRE, false),
    /** TLS with a certificate chained to the configured CA bundle, whatever name it carries. */
    VERIFY_CA("verify-ca", SSLMode.VERIFY_CA, true),
    /** TLS with a certificate chained to the CA bundle and naming the host connected to: what production wants. */
    VERIFY_FULL("verify-full", SSLMode.VERIFY_FULL, true);

    private final String libpqName;
    private final SSLMode r2dbc;
    private final boolean verifiesCertificate;

    DatabaseSslMode(String libpqName, SSLMode r2dbc, boolean verifiesCertificate) {
        this.libpqName = libpqName;
        this.r2dbc = r2dbc;
        this.verifiesCertificate = verifiesCertificate;
    }

    /** The value of the JDBC driver's {@code sslmode} parameter. */
    String jdbcName() {
        return libpqName;
    }

    SSLMode r2dbc() {
        return r2dbc;
    }

    /** Whether the mode checks the server's certificate, and so needs a CA bundle. */
    boolean verifiesCertificate() {
        return verifiesCertificate;
    }
}

package dev.cdn.api;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * TLS to PostgreSQL ({@code cdn.db.ssl.*}, environment {@code CDN_DB_SSL_MODE} and {@code CDN_DB_SSL_ROOT_CERT}):
 * the mode and, for the verifying modes, the PEM bundle of CAs the server's certificate must chain to (for Amazon
 * RDS, the region's or the global RDS bundle). Plain connections stay the default for local development.
 */
@ConfigurationProperties("cdn.db.ssl")
record DatabaseTls(DatabaseSslMode mode, Path rootCert) {

    DatabaseTls {
        mode = mode == null ? DatabaseSslMode.DISABLE : mode;
        if (mode.verifiesCertificate()) {
            if (rootCert == null) {
                throw new IllegalArgumentException("cdn.db.ssl.root-cert must name a PEM file of CA certificates when "
                        + "cdn.db.ssl.mode is " + mode.jdbcName());
            }
            if (!Files.isReadable(rootCert)) {
                throw new IllegalArgumentException("cdn.db.ssl.root-cert " + rootCert + " is not a readable file");
            }
        }
    }

    /** Appends the TLS parameters to a {@code jdbc:postgresql:} URL (pgjdbc takes libpq's names). */
    String jdbcUrl(String url) {
        StringBuilder out = new StringBuilder(url).append(url.contains("?") ? '&' : '?')
                .append("sslmode=").append(mode.jdbcName());
        if (rootCert != null && mode.verifiesCertificate()) {
            out.append("&sslrootcert=").append(rootCert.toAbsolutePath());
        }
        return out.toString();
    }
}

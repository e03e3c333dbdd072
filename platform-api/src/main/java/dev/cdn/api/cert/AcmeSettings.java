package dev.cdn.api.cert;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator's ACME settings, each checked at start-up with a message naming it:
 * {@code cdn.certs.acme.directory-url} (the CA's directory, e.g. Let's Encrypt's
 * {@code https://acme-v02.api.letsencrypt.org/directory}; empty: no ACME orders), {@code cdn.certs.acme.email}
 * (the account's contact, optional), {@code cdn.certs.acme.trust-bundle} (a PEM file of CAs that sign the ACME
 * server's own certificate, for private CAs; empty: the JVM's trust store), {@code cdn.certs.acme.check-interval}
 * (how often due orders are looked for, 1m), {@code cdn.certs.acme.retry-after} (the first wait after a failed
 * order, doubling to a day, 10m), {@code cdn.certs.acme.edge-timeout} (how long to wait for the edges to serve a
 * challenge before triggering it anyway, 30s).
 */
@Component
public class AcmeSettings {

    private final URI directory;
    private final String email;
    private final Path trustBundle;
    private final Duration checkInterval;
    private final Duration retryAfter;
    private final Duration edgeTimeout;

    AcmeSettings(@Value("${cdn.certs.acme.directory-url:}") String directory,
                 @Value("${cdn.certs.acme.email:}") String email,
                 @Value("${cdn.certs.acme.trust-bundle:}") String trustBundle,
                 @Value("${cdn.certs.acme.check-interval:1m}") Duration checkInterval,
                 @Value("${cdn.certs.acme.retry-after:10m}") Duration retryAfter,
                 @Value("${cdn.certs.acme.edge-timeout:30s}") Duration edgeTimeout) {
        if (directory.isBlank()) {
            this.directory = null;
        } else {
            URI uri = URI.create(directory.trim());
            if (!"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("cdn.certs.acme.directory-url must be an https URL (RFC 8555 6.1),"
                        + " not " + directory);
            }
            this.directory = uri;
        }
        this.email = email.isBlank() ? null : email.trim();
        if (!trustBundle.isBlank() && !Files.isReadable(Path.of(trustBundle))) {
            throw new IllegalArgumentException("cdn.certs.acme.trust-bundle names no readable file: " + trustBundle);
        }
        this.trustBundle = trustBundle.isBlank() ? null : Path.of(trustBundle);
        for (var d : new Object[][] {{"check-interval", checkInterval}, {"retry-after", retryAfter},
                {"edge-timeout", edgeTimeout}}) {
            Duration value = (Duration) d[1];
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("cdn.certs.acme." + d[0] + " must be positive, not " + value);
            }
        }
        this.checkInterval = checkInterval;
        this.retryAfter = retryAfter;
        this.edgeTimeout = edgeTimeout;
    }

    /** The ACME directory, when ACME is on. */
    public Optional<URI> directory() {
        return Optional.ofNullable(directory);
    }

    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    public Optional<Path> trustBundle() {
        return Optional.ofNullable(trustBundle);
    }

    public Duration checkInterval() {
        return checkInterval;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Duration edgeTimeout() {
        return edgeTimeout;
    }
}

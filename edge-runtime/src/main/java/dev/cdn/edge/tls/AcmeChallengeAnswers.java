package dev.cdn.edge.tls;

import dev.cdn.config.EdgeCertificates;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ACME HTTP-01 answers (RFC 8555 8.3) this node serves: for {@code http://<host>/.well-known/acme-challenge/
 * <token>}, the key authorization the control plane computed. Replaced whole on each fetch.
 */
public final class AcmeChallengeAnswers {

    /** The path prefix of RFC 8555 8.3. */
    public static final String PATH_PREFIX = "/.well-known/acme-challenge/";

    private volatile Map<String, String> byHostAndToken = Map.of();

    public void install(EdgeCertificates set) {
        Map<String, String> next = new HashMap<>();
        for (EdgeCertificates.Challenge c : set.challenges()) {
            next.put(key(c.host(), c.token()), c.keyAuthorization());
        }
        byHostAndToken = Map.copyOf(next);
    }

    /** The key authorization for this host (without port) and token, or null. */
    public String answer(String host, String token) {
        return host == null || token == null ? null : byHostAndToken.get(key(host, token));
    }

    private static String key(String host, String token) {
        return host.toLowerCase(Locale.ROOT) + " " + token;
    }
}

package dev.cdn.edge.tls;

import java.util.Locale;
import java.util.Map;

/** Finds what serves a TLS client's SNI name: an exact name, else a wildcard covering one label (RFC 6125 6.4.3). */
final class SniLookup {

    private SniLookup() {
    }

    /**
     * @param exact    values by lower-case DNS name
     * @param wildcard values by the lower-case parent of a {@code *.} name ({@code *.a.example} under {@code a.example})
     */
    static <T> T find(Map<String, T> exact, Map<String, T> wildcard, String serverName) {
        if (serverName == null) {
            return null;
        }
        String host = serverName.toLowerCase(Locale.ROOT);
        T found = exact.get(host);
        if (found == null) {
            int dot = host.indexOf('.');
            found = dot > 0 ? wildcard.get(host.substring(dot + 1)) : null;
        }
        return found;
    }
}

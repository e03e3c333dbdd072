package dev.cdn.edge.upstream;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * RFC 9110 section 7.6.1: connection-specific header fields are never forwarded, nor any field the Connection
 * header names. Proxy-* fields are dropped too (they belong to one hop by convention).
 */
public final class HopByHop {

    static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding",
            "upgrade", "proxy-connection", "proxy-authenticate", "proxy-authorization");

    private HopByHop() {
    }

    /** The lower-case names not to forward for a message with these headers. */
    public static Set<String> namesToDrop(HttpHeaders headers) {
        Set<String> drop = new HashSet<>(ALWAYS);
        for (String v : headers.getAll("Connection")) {
            for (String name : v.split(",")) {
                if (!name.isBlank()) {
                    drop.add(name.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return drop;
    }

    public static boolean isDropped(String name, Set<String> drop) {
        String n = name.toLowerCase(Locale.ROOT);
        return drop.contains(n) || n.startsWith("proxy-");
    }

    /** Copies end-to-end fields, skipping hop-by-hop ones and any name in {@code alsoSkip} (lower case). */
    public static void copy(HttpHeaders from, HttpHeaders to, Set<String> alsoSkip) {
        Set<String> drop = namesToDrop(from);
        for (Map.Entry<String, String> e : from) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            if (!isDropped(n, drop) && !alsoSkip.contains(n)) {
                to.add(e.getKey(), e.getValue());
            }
        }
    }
}

package dev.cdn.edge.logic;

import dev.cdn.config.Cors;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CORS policy with its header values joined once (Fetch Standard, "CORS protocol", section 3.2). A preflight
 * from an allowed origin is answered 204 at the edge; other requests from an allowed origin get the response
 * fields; a request from any other origin gets nothing, and the browser refuses it.
 */
final class CorsPolicy {

    private final boolean anyOrigin;
    private final Set<String> origins;
    private final boolean credentials;
    private final String methods;
    private final String allowHeaders;
    private final String exposeHeaders;
    private final String maxAge;

    CorsPolicy(Cors c) {
        this.anyOrigin = c.allowOrigins().contains("*");
        this.origins = Set.copyOf(c.allowOrigins());
        this.credentials = c.allowCredentials();
        this.methods = c.allowMethods().isEmpty() ? "GET, HEAD, POST" : String.join(", ", c.allowMethods());
        this.allowHeaders = c.allowHeaders().isEmpty() ? null : String.join(", ", c.allowHeaders());
        this.exposeHeaders = c.exposeHeaders().isEmpty() ? null : String.join(", ", c.exposeHeaders());
        this.maxAge = c.maxAgeSeconds() == null ? null : String.valueOf(c.maxAgeSeconds());
    }

    /** True when a request from {@code origin} (the Origin header) is allowed. */
    boolean allows(String origin) {
        return origin != null && (anyOrigin || origins.contains(origin));
    }

    /** The 204 answer to a preflight (OPTIONS with Access-Control-Request-Method) from an allowed origin, else null. */
    Answer preflight(String rule, LogicRequest r) {
        String origin = r.header("Origin");
        if (!"OPTIONS".equals(r.method()) || r.header("Access-Control-Request-Method") == null || !allows(origin)) {
            return null;
        }
        List<Map.Entry<String, String>> h = new ArrayList<>();
        h.add(new SimpleImmutableEntry<>("Access-Control-Allow-Origin", allowOrigin(origin)));
        h.add(new SimpleImmutableEntry<>("Access-Control-Allow-Methods", methods));
        if (allowHeaders != null) {
            h.add(new SimpleImmutableEntry<>("Access-Control-Allow-Headers", allowHeaders));
        }
        if (credentials) {
            h.add(new SimpleImmutableEntry<>("Access-Control-Allow-Credentials", "true"));
        }
        if (maxAge != null) {
            h.add(new SimpleImmutableEntry<>("Access-Control-Max-Age", maxAge));
        }
        h.add(new SimpleImmutableEntry<>("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"));
        return new Answer(AnswerKind.CORS_PREFLIGHT, rule, 204, List.copyOf(h), new byte[0]);
    }

    /** Adds the CORS response fields for an allowed {@code origin}. */
    void decorate(HttpHeaders out, String origin) {
        out.set("Access-Control-Allow-Origin", allowOrigin(origin));
        if (credentials) {
            out.set("Access-Control-Allow-Credentials", "true");
        }
        if (exposeHeaders != null) {
            out.set("Access-Control-Expose-Headers", exposeHeaders);
        }
        if (!anyOrigin || credentials) {
            // The answer names one origin: a cache between here and the browser must not give it to another.
            out.add("Vary", "Origin");
        }
    }

    private String allowOrigin(String origin) {
        return anyOrigin && !credentials ? "*" : origin;
    }
}

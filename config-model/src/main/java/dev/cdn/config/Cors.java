package dev.cdn.config;

import java.util.List;

/**
 * A CORS policy answered at the edge (Fetch Standard, "CORS protocol"): preflights get a 204 without reaching the
 * origin, and responses to allowed origins carry the Access-Control-* fields.
 *
 * @param allowOrigins     exact origins ({@code https://app.example}) or {@code *}
 * @param allowMethods     methods a preflight may approve; empty means GET, HEAD and POST
 * @param allowHeaders     request headers a preflight may approve
 * @param exposeHeaders    response headers scripts may read
 * @param maxAgeSeconds    how long a browser may keep a preflight answer; null leaves it out
 * @param allowCredentials whether credentialed requests are allowed (never with {@code *})
 */
public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                   List<String> exposeHeaders, Integer maxAgeSeconds, boolean allowCredentials) {

    public Cors {
        allowOrigins = allowOrigins == null ? List.of() : List.copyOf(allowOrigins);
        allowMethods = allowMethods == null ? List.of() : List.copyOf(allowMethods);
        allowHeaders = allowHeaders == null ? List.of() : List.copyOf(allowHeaders);
        exposeHeaders = exposeHeaders == null ? List.of() : List.copyOf(exposeHeaders);
    }
}

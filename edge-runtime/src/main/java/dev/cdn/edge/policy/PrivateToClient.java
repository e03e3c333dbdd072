package dev.cdn.edge.policy;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Responses meant for their own client alone: marked {@code private}, or setting a cookie (RFC 6265 §3: state for
 * one user agent). Whatever the edge rewrites in their Cache-Control (a browser TTL, an ESI page's TTL), they stay
 * private, so no shared cache between the edge and the browser keeps one visitor's response for the next.
 */
public final class PrivateToClient {

    private PrivateToClient() {
    }

    /** Whether the response is private to its client, by its Cache-Control or a Set-Cookie. */
    public static boolean is(HttpHeaders response) {
        return response.contains("Set-Cookie") || CacheControl.parse(response.getAll("Cache-Control")).has("private");
    }

    /** Marks a response private, keeping its other directives; one already private or no-store is left as it is. */
    public static void mark(HttpHeaders response) {
        List<String> lines = response.getAll("Cache-Control");
        CacheControl cc = CacheControl.parse(lines);
        if (cc.has("private") || cc.has("no-store")) {
            return;
        }
        response.set("Cache-Control", lines.isEmpty() ? "private" : "private, " + String.join(", ", lines));
    }
}

package dev.cdn.edge.secrets;

import dev.cdn.config.OriginAuth;
import dev.cdn.config.ServiceSecrets;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.debug.DebugToken;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The last word on what an upstream request carries of a service's secrets (docs/routing.md, "Origin authentication
 * and debug headers"): the node that fetches from the origin adds the origin-authentication header with its value;
 * no other hop ever carries it, and a client's copy of it (an attempt to learn or forge it) and a client's debug
 * token are removed before anything is forwarded. Runs after edge logic, so no rule can change or reveal it.
 */
public final class OriginAuthHeader {

    private OriginAuthHeader() {
    }

    /**
     * @param toOrigin the request goes to an origin (a shield's fill, an unshielded edge's, or an edge's fallback
     *                 past its shields); false: to a shield, which adds the header itself from its own config
     */
    public static void apply(ServiceSettings settings, HttpHeaders out, boolean toOrigin) {
        out.remove(DebugToken.HEADER);
        ServiceSecrets secrets = settings.secrets();
        OriginAuth auth = secrets == null ? null : secrets.originAuth();
        if (auth == null) {
            return;
        }
        out.remove(auth.header());
        if (toOrigin) {
            out.set(auth.header(), auth.value());
        }
    }

    /** Removes the header from a response on its way to a client: an origin that echoes it must not reveal it. */
    public static void stripFromResponse(ServiceSettings settings, HttpHeaders out) {
        ServiceSecrets secrets = settings.secrets();
        if (secrets != null && secrets.originAuth() != null) {
            out.remove(secrets.originAuth().header());
        }
    }
}

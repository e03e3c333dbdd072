package dev.cdn.edge.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.ClientCookieEncoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The request fields the edge controls on the way upstream, as pure functions: the forwarding fields
 * (RFC 7239 {@code Forwarded} and the {@code X-Forwarded-*} family) that only a CDN tier may set, the URL and
 * method override fields some frameworks obey, and the cookies a fill may carry. Anything a client can send that
 * changes what an origin answers, but that the cache key does not hold, would let one client poison the object
 * every other client gets.
 */
final class ForwardedFields {

    /**
     * The field a shield adds when it fetches from an origin, naming its region: an origin can tell shield traffic
     * from edges fetching directly. Never taken from a client or an edge, so only a shield's own is seen upstream.
     */
    static final String SHIELD_MARKER = "x-cdn-shield";

    /** Forwarding fields a CDN tier sets; an edge drops the client's, a shield extends the edge's. */
    static final Set<String> FORWARDING = Set.of("forwarded", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host");

    /**
     * Fields never taken from a client, at either tier: other forwarding variants and the URL and method overrides
     * that frameworks (IIS URL Rewrite, Symfony, Rails, Express method-override...) honour over the request line.
     */
    static final Set<String> NEVER_FORWARDED = Set.of("x-forwarded-port", "x-forwarded-server", "x-forwarded-prefix",
            "x-forwarded-scheme", "x-forwarded-ssl", "x-forwarded-uri", "x-forwarded-path", "x-real-ip",
            "x-client-ip", "true-client-ip", "x-cluster-client-ip", "x-original-url", "x-original-uri",
            "x-rewrite-url", "x-override-url", "x-original-host", "x-host", "x-http-method-override",
            "x-http-method", "x-method-override", "front-end-https", ForwardedFields.SHIELD_MARKER,
            dev.cdn.edge.fleet.FleetGate.HEADER);

    private ForwardedFields() {
    }

    /**
     * Sets the forwarding fields for one hop. {@code extend}: the incoming request came from the edge tier (this
     * node is a shield), so its chain is kept and this hop appended; otherwise the client's values are discarded.
     */
    static void set(HttpHeaders in, HttpHeaders out, boolean extend, String clientIp, String scheme, String host) {
        String xff = extend ? joined(in, "X-Forwarded-For") : null;
        String fwd = extend ? joined(in, "Forwarded") : null;
        String xfh = extend ? in.get("X-Forwarded-Host") : null;
        if (clientIp != null) {
            out.set("X-Forwarded-For", xff == null ? clientIp : xff + ", " + clientIp);
        } else if (xff != null) {
            out.set("X-Forwarded-For", xff);
        }
        out.set("X-Forwarded-Proto", scheme);
        out.set("X-Forwarded-Host", xfh == null ? host : xfh);
        String element = element(clientIp, host, scheme);
        out.set("Forwarded", fwd == null ? element : fwd + ", " + element);
    }

    /** One RFC 7239 §4 forwarded-element: {@code for}, {@code host}, {@code proto}, quoted where not a token. */
    static String element(String clientIp, String host, String scheme) {
        String node = clientIp == null ? "unknown" : clientIp.indexOf(':') >= 0 ? "[" + clientIp + "]" : clientIp;
        return "for=" + value(node) + ";host=" + value(host) + ";proto=" + scheme;
    }

    /**
     * The Cookie a fill sends: none unless the rule keys on cookies; the whole field when the variant is keyed on
     * it, else only the cookies named in {@code keyCookies}, so the origin answers from exactly what is keyed.
     */
    static String fillCookie(List<String> cookieLines, boolean wholeFieldKeyed, List<String> keyCookies) {
        if (cookieLines.isEmpty()) {
            return null;
        }
        String all = String.join("; ", cookieLines);
        if (wholeFieldKeyed) {
            return all;
        }
        if (keyCookies.isEmpty()) {
            return null;
        }
        List<Cookie> kept = new ArrayList<>();
        for (Cookie c : ServerCookieDecoder.LAX.decodeAll(all)) {
            if (keyCookies.contains(c.name())) {
                kept.add(c);
            }
        }
        return kept.isEmpty() ? null : ClientCookieEncoder.LAX.encode(kept);
    }

    private static String joined(HttpHeaders in, String name) {
        List<String> all = in.getAll(name);
        return all.isEmpty() ? null : String.join(", ", all);
    }

    /** RFC 7239 §4: a value is a token or a quoted-string. */
    private static String value(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean tchar = Character.isLetterOrDigit(c) && c < 128 || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
        }
        return v;
    }
}

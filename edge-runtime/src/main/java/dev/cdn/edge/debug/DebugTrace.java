package dev.cdn.edge.debug;

import dev.cdn.config.OriginAuth;
import dev.cdn.edge.upstream.UpstreamTarget;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one request that carries its service's debug token is told about its routing, as {@code Cdn-Debug-*} response
 * headers: the node and PoP that answered, the rule that matched, a hash of the cache key, each upstream tried in
 * order with its failover step (so the shield chosen and any failover show), the upstream that answered the fill,
 * and timings. Owned by that request alone. Requests without the token carry none of these: {@link #strip} removes
 * any an upstream sent.
 */
public final class DebugTrace {

    public static final String PREFIX = "cdn-debug-";

    private final String nodeId;
    private final String pop;
    private final List<String> tried = new ArrayList<>(2);
    private UpstreamTarget last;

    public DebugTrace(String nodeId, String pop) {
        this.nodeId = nodeId;
        this.pop = pop;
    }

    /** An upstream this request is being sent to (once per attempt of the failover chain). */
    public void tried(UpstreamTarget target) {
        if (target == last) {
            return; // the same attempt's headers built again
        }
        last = target;
        tried.add(describe(target));
    }

    /**
     * Writes the debug headers.
     *
     * @param rule           the name of the matching rule ({@code default} when none)
     * @param cacheKey       the storage key (hashed: the URL stays out of the header); null when not keyed
     * @param startNanos     when the request arrived ({@link System#nanoTime()})
     * @param upstreamMillis how long the upstream took to answer with headers; negative when none was asked
     */
    public void writeTo(HttpHeaders out, String rule, String cacheKey, long startNanos, long upstreamMillis) {
        out.set("Cdn-Debug-Node", nodeId);
        out.set("Cdn-Debug-Pop", pop);
        out.set("Cdn-Debug-Rule", rule);
        out.set("Cdn-Debug-Key", cacheKey == null ? "none" : "sha256:" + OriginAuth.sha256Hex(cacheKey).substring(0, 16));
        if (!tried.isEmpty()) {
            out.set("Cdn-Debug-Route", String.join(", ", tried));
            out.set("Cdn-Debug-Upstream", tried.get(tried.size() - 1));
        }
        if (last != null && last.shield()) {
            out.set("Cdn-Debug-Shield", last.shieldName());
        }
        double totalMs = (System.nanoTime() - startNanos) / 1e6;
        out.set("Cdn-Debug-Timing", upstreamMillis < 0
                ? String.format(Locale.ROOT, "total=%.1fms", totalMs)
                : String.format(Locale.ROOT, "total=%.1fms; upstream=%dms", totalMs, upstreamMillis));
    }

    /**
     * Removes every {@code Cdn-Debug-*} field: only this node's own, for a request with the token, may go out. Runs
     * on every response, so it walks the fields in place ({@code names()} would copy them into a new set each time)
     * and allocates only when there is something to remove.
     */
    public static void strip(HttpHeaders out) {
        List<String> names = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> fields = out.iteratorCharSequence();
        while (fields.hasNext()) {
            CharSequence name = fields.next().getKey();
            if (isDebugField(name)) {
                (names == null ? names = new ArrayList<>(2) : names).add(name.toString());
            }
        }
        if (names != null) {
            names.forEach(out::remove);
        }
    }

    private static boolean isDebugField(CharSequence name) {
        if (name.length() < PREFIX.length()) {
            return false;
        }
        if (name instanceof String s) {
            return s.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
        }
        return AsciiString.regionMatches(name, true, 0, PREFIX, 0, PREFIX.length());
    }

    /** {@code shield <name> (<step>)} or {@code origin <host:port> (<step>)}. */
    private static String describe(UpstreamTarget t) {
        String where = t.shield() ? "shield " + t.shieldName()
                : "origin " + (t.health() != null ? t.health().origin().name() + "=" : "") + t.host() + ":" + t.port();
        return where + " (" + (t.step() == null ? "origin" : t.step().token()) + ")";
    }
}

package dev.cdn.edge.proxy;

import dev.cdn.edge.policy.CacheControl;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.policy.PrivateToClient;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.routing.CompiledRule;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers the edge adds to or strips from responses: X-Cache, RFC 9211 Cache-Status, Via, Age, the
 * browser-TTL rewrite, and the cache-targeted fields (CDN-Cache-Control, Surrogate-Control, Surrogate-Key,
 * Cache-Tag) that only a CDN tier may see.
 */
final class EdgeHeaders {

    /** Lower-case fields aimed at this CDN; an edge strips them before the client, a shield keeps them for edges. */
    static final Set<String> CDN_ONLY = Set.of("cdn-cache-control", "surrogate-control", "surrogate-key", "cache-tag");
    /** Fields never stored with an object: recomputed per response or meaningless once stored. */
    static final Set<String> NOT_STORED = Set.of("content-length", "age", "x-cache");

    private EdgeHeaders() {
    }

    /** Adds X-Cache, Cache-Status and Via, and applies the rule's browser TTL (see {@link #applyBrowserTtl}). */
    static void decorate(HttpHeaders out, String nodeId, CacheStatus status, String cacheStatusParams, EdgeRole role,
                         CompiledRule rule) {
        decorate(out, FieldNames.HTTP_1, status, nodeId + "; " + cacheStatusParams, "1.1 " + nodeId, role, rule);
    }

    /**
     * As above, with the field names of the response's protocol, and this node's Cache-Status member
     * ({@code node; params}) and Via member ({@code 1.1 node}) given whole, so that a caller holding
     * {@link OwnFields} builds no string for them.
     */
    static void decorate(HttpHeaders out, FieldNames names, CacheStatus status, String cacheStatusMember,
                         String viaMember, EdgeRole role, CompiledRule rule) {
        out.set(names.xCache, status.name());
        // RFC 9211: each cache appends its member, so the one nearest the client comes last.
        String upstreamStatus = out.get(names.cacheStatus);
        out.set(names.cacheStatus, upstreamStatus == null ? cacheStatusMember : upstreamStatus + ", " + cacheStatusMember);
        // RFC 9110 7.6.3: likewise, each intermediary appends its own Via member.
        String via = out.get(names.via);
        out.set(names.via, via == null ? viaMember : via + ", " + viaMember);
        Integer browserTtl = rule.rule().browserTtlSeconds();
        if (browserTtl != null && role == EdgeRole.EDGE) {
            applyBrowserTtl(out, names, browserTtl);
        }
    }

    /**
     * The rule's browser TTL replaces the Cache-Control an edge sends its clients. Only an edge applies it: a shield's
     * clients are edges, which decide what they store from the origin's own Cache-Control, so a rewrite there would
     * make them store (and serve to everyone) what the origin marked private or no-store. Nor does it loosen what the
     * origin forbade on the way to the browser: a no-store response keeps its Cache-Control, and a response private
     * to its client (marked private, or setting a cookie) stays private, so no shared cache beyond the edge keeps it.
     */
    private static void applyBrowserTtl(HttpHeaders out, FieldNames names, int browserTtl) {
        if (CacheControl.parse(out.getAll(names.cacheControl)).has("no-store")) {
            return;
        }
        out.set(names.cacheControl, (PrivateToClient.is(out) ? "private, max-age=" : "max-age=") + browserTtl);
    }

    /**
     * The members this node adds to Cache-Status and Via, built once per node: a hit sends them on every response, and
     * building them per response was a good part of what a hit allocated.
     */
    static final class OwnFields {
        final String via;
        private final String[] cacheStatus;
        private final String[] cacheStatusTtl;

        OwnFields(String nodeId) {
            via = "1.1 " + nodeId;
            CacheStatus[] all = CacheStatus.values();
            cacheStatus = new String[all.length];
            cacheStatusTtl = new String[all.length];
            for (CacheStatus s : all) {
                cacheStatus[s.ordinal()] = nodeId + "; " + s.cacheStatusParams();
                cacheStatusTtl[s.ordinal()] = cacheStatus[s.ordinal()] + "; ttl=";
            }
        }

        /** {@code node; <status params>}. */
        String cacheStatus(CacheStatus status) {
            return cacheStatus[status.ordinal()];
        }

        /** {@code node; <status params>; ttl=<ttl>}: one string built. */
        String cacheStatus(CacheStatus status, long ttl) {
            return cacheStatusTtl[status.ordinal()] + ttl;
        }
    }

    /** Decimal values of 0 to 4095 as header values, built once: the Age of most hits and small Content-Lengths. */
    private static final AsciiString[] SMALL_DECIMALS = new AsciiString[4096];

    static {
        for (int i = 0; i < SMALL_DECIMALS.length; i++) {
            SMALL_DECIMALS[i] = AsciiString.cached(Integer.toString(i));
        }
    }

    /** {@code n} in decimal as a header value; the same bytes on the wire as {@code String.valueOf(n)}. */
    static CharSequence decimal(long n) {
        return n >= 0 && n < SMALL_DECIMALS.length ? SMALL_DECIMALS[(int) n] : String.valueOf(n);
    }

    /** Whether a field name is one of {@link #CDN_ONLY}, in any case; allocates nothing (it runs per stored field). */
    static boolean isCdnOnly(String name) {
        return switch (name.length()) {
            case 9 -> isLowerCaseOf("cache-tag", name);
            case 13 -> isLowerCaseOf("surrogate-key", name);
            case 17 -> isLowerCaseOf("cdn-cache-control", name) || isLowerCaseOf("surrogate-control", name);
            default -> false;
        };
    }

    /**
     * {@code name.toLowerCase(Locale.ROOT).equals(lower)} for an ASCII {@code lower} of the same length, without the
     * copy: A-Z and the Kelvin sign are the only characters that lower-case to a single ASCII one.
     */
    private static boolean isLowerCaseOf(String lower, String name) {
        for (int i = 0; i < lower.length(); i++) {
            char c = name.charAt(i);
            char folded = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c == '\u212A' ? 'k' : c;
            if (folded != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Surrogate keys of a response: Surrogate-Key (space-separated), Cache-Tag (comma-separated), and the rule's. */
    static Set<String> tags(HttpHeaders response, List<String> ruleKeys) {
        Set<String> tags = new LinkedHashSet<>(ruleKeys);
        for (String v : response.getAll("Surrogate-Key")) {
            for (String t : v.trim().split("\\s+")) {
                if (!t.isEmpty()) {
                    tags.add(t);
                }
            }
        }
        for (String v : response.getAll("Cache-Tag")) {
            for (String t : v.split(",")) {
                if (!t.isBlank()) {
                    tags.add(t.trim());
                }
            }
        }
        return Set.copyOf(tags);
    }

    /** True when a CDN-Loop member names this node (RFC 8586): the request has been here before. */
    static boolean loops(HttpHeaders request, String nodeId) {
        if (!request.contains("CDN-Loop")) {
            return false; // most requests: no list of values built for nothing
        }
        for (String v : request.getAll("CDN-Loop")) {
            for (String member : v.split(",")) {
                int semi = member.indexOf(';');
                String token = (semi < 0 ? member : member.substring(0, semi)).trim();
                if (token.equalsIgnoreCase(nodeId)) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<String> lower(List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
        return out;
    }
}

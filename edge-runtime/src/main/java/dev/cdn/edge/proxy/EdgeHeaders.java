package dev.cdn.edge.proxy;

import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.routing.CompiledRule;
import io.netty.handler.codec.http.HttpHeaders;
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

    /** Adds X-Cache, Cache-Status and Via, and applies the rule's browser TTL. */
    static void decorate(HttpHeaders out, String nodeId, CacheStatus status, String cacheStatusParams, CompiledRule rule) {
        out.set("X-Cache", status.name());
        String mine = nodeId + "; " + cacheStatusParams;
        // RFC 9211: each cache appends its member, so the one nearest the client comes last.
        String upstreamStatus = out.get("Cache-Status");
        out.set("Cache-Status", upstreamStatus == null ? mine : upstreamStatus + ", " + mine);
        String via = out.get("Via");
        out.set("Via", via == null ? "1.1 " + nodeId : via + ", 1.1 " + nodeId);
        Integer browserTtl = rule.rule().browserTtlSeconds();
        if (browserTtl != null) {
            out.set("Cache-Control", "max-age=" + browserTtl);
        }
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

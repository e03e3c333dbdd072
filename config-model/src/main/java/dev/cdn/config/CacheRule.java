package dev.cdn.config;

import java.util.List;
import java.util.Map;

/**
 * A cache rule: where it applies and how the edge caches what it matches. Null fields mean "no override": the
 * origin's headers decide under RFC 9111.
 *
 * @param edgeTtlSeconds              overrides the freshness lifetime at the edge
 * @param browserTtlSeconds           rewrites the Cache-Control max-age sent to clients
 * @param bypass                      never look up or store: always go to the origin
 * @param statusTtls                  edge TTL by status code (e.g. {@code "404": 30}); a 5xx is stored only when named here
 * @param ignoreOriginNoCache         store responses the origin marked no-cache or private
 * @param staleWhileRevalidateSeconds serve stale this long while one background fetch revalidates
 * @param staleIfErrorSeconds         serve stale this long when the origin fails
 * @param queryParams                 names for {@link QueryMode#WHITELIST} / {@link QueryMode#BLACKLIST}; globs allowed;
 *                                    a fill sends the origin the query as the key holds it
 * @param varyHeaders                 request headers the origin's Vary may key on; a response whose Vary names
 *                                    any other header is not stored (docs/edge.md, step 5)
 * @param keyHeaders                  request headers always added to the cache key
 * @param keyCookies                  cookies always added to the cache key; the only cookies a fill sends the origin
 * @param surrogateKeys               surrogate keys (tags) assigned to every object this rule stores
 * @param originPool                  origin pool to fetch from; null means {@link Origin#DEFAULT_POOL}
 */
public record CacheRule(
        String name,
        RuleMatch match,
        Integer edgeTtlSeconds,
        Integer browserTtlSeconds,
        boolean bypass,
        Map<String, Integer> statusTtls,
        boolean ignoreOriginNoCache,
        Integer staleWhileRevalidateSeconds,
        Integer staleIfErrorSeconds,
        QueryMode queryMode,
        List<String> queryParams,
        List<String> varyHeaders,
        List<String> keyHeaders,
        List<String> keyCookies,
        List<String> surrogateKeys,
        boolean esi,
        Admission admission,
        String originPool) {

    public CacheRule {
        match = match == null ? RuleMatch.ANY : match;
        statusTtls = statusTtls == null ? Map.of() : Map.copyOf(statusTtls);
        queryMode = queryMode == null ? QueryMode.ALL : queryMode;
        queryParams = queryParams == null ? List.of() : List.copyOf(queryParams);
        varyHeaders = varyHeaders == null ? List.of() : List.copyOf(varyHeaders);
        keyHeaders = keyHeaders == null ? List.of() : List.copyOf(keyHeaders);
        keyCookies = keyCookies == null ? List.of() : List.copyOf(keyCookies);
        surrogateKeys = surrogateKeys == null ? List.of() : List.copyOf(surrogateKeys);
        admission = admission == null ? Admission.TINYLFU : admission;
    }

    /** The rule an edge applies when no configured rule matches: RFC 9111 semantics with no overrides. */
    public static final CacheRule DEFAULT = new CacheRule("default", RuleMatch.ANY, null, null, false, null, false,
            null, null, QueryMode.ALL, null, List.of("Accept-Encoding"), null, null, null, false, null, null);
}

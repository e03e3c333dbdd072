package dev.cdn.edge.policy;

import dev.cdn.config.CacheRule;
import dev.cdn.config.ServiceSettings;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * RFC 9111 storage and freshness as pure functions of values: what may be stored (section 3), its freshness
 * lifetime (4.2.1, with RFC 9213 CDN-Cache-Control and Surrogate-Control taking precedence for this cache), its
 * age (4.2.3) and heuristic freshness (4.2.2), with the tenant's rule overrides applied on top. No clock reads:
 * times are passed in as epoch millis.
 */
public final class Freshness {

    /** Statuses RFC 9110 15.1 defines as heuristically cacheable. */
    static final Set<Integer> HEURISTIC_STATUSES = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);
    /** Statuses a rule's edgeTtlSeconds applies to; error statuses need statusTtls so a 404 is never held an hour by accident. */
    static final Set<Integer> EDGE_TTL_STATUSES = Set.of(200, 203, 204, 300, 301, 308);
    /** Heuristic freshness is capped so that a very old Last-Modified cannot pin an object for months. */
    static final long HEURISTIC_CAP_SECONDS = 24 * 3600;

    private Freshness() {
    }

    /**
     * The directives this cache obeys: CDN-Cache-Control, else Surrogate-Control, else Cache-Control. An empty or
     * invalid CDN-Cache-Control is ignored as if absent (RFC 9213 §2.1, see {@link TargetedCacheControl}).
     */
    public static CacheControl effectiveCacheControl(HttpHeaders response) {
        if (response.contains("CDN-Cache-Control")) {
            java.util.Optional<CacheControl> targeted = TargetedCacheControl.parse(response.getAll("CDN-Cache-Control"));
            if (targeted.isPresent()) {
                return targeted.get();
            }
        }
        if (response.contains("Surrogate-Control")) {
            return CacheControl.parse(response.getAll("Surrogate-Control"));
        }
        return CacheControl.parse(response.getAll("Cache-Control"));
    }

    /**
     * Decides whether a response to a GET may be stored and for how long.
     *
     * @param requestHasAuthorization the client request carried Authorization
     * @param requestTime             when the upstream request was sent (epoch millis)
     * @param responseTime            when the upstream response was received (epoch millis)
     */
    public static StoreDecision decide(boolean requestHasAuthorization, int status, HttpHeaders response,
                                       CacheRule rule, ServiceSettings settings, long requestTime, long responseTime) {
        if (rule.bypass()) {
            return StoreDecision.no(NoCacheReason.BYPASS_RULE);
        }
        if (SelfMadeErrors.madeByUpstreamCache(status, response)) {
            // A shield's own 502/504 is about the path to the origin, not about the resource.
            return StoreDecision.no(NoCacheReason.UPSTREAM_ERROR);
        }
        CacheControl cc = effectiveCacheControl(response);
        boolean override = rule.ignoreOriginNoCache();
        if (cc.has("no-store")) {
            return StoreDecision.no(NoCacheReason.NO_STORE);
        }
        if (cc.has("private") && !override) {
            return StoreDecision.no(NoCacheReason.PRIVATE);
        }
        if (varyStar(response)) {
            return StoreDecision.no(NoCacheReason.VARY_STAR);
        }
        if (!varyKeyed(response, rule)) {
            return StoreDecision.no(NoCacheReason.VARY_UNKEYED);
        }
        boolean authShareable = cc.has("public") || cc.has("s-maxage") || cc.has("must-revalidate");
        if (requestHasAuthorization && !authShareable) {
            return StoreDecision.no(NoCacheReason.AUTHORIZATION);
        }
        boolean setCookie = response.contains("Set-Cookie");
        if (setCookie && !override) {
            return StoreDecision.no(NoCacheReason.SET_COOKIE);
        }
        if (status < 200 || status == 206 || status == 304 || status >= 600) {
            return StoreDecision.no(NoCacheReason.STATUS);
        }
        if (status >= 500 && !rule.statusTtls().containsKey(String.valueOf(status))) {
            // Stricter than RFC 9111 3 (which lets explicit freshness store any status): a server error is
            // stored only when the tenant asked for it by status, so a max-age on an outage never pins it.
            return StoreDecision.no(NoCacheReason.STATUS);
        }
        boolean validators = response.contains("ETag") || response.contains("Last-Modified");
        long date = HttpDates.parse(response.get("Date"), responseTime);
        boolean noCache = cc.has("no-cache") && !override;
        if (noCache && !validators) {
            // no-cache: may be stored, but every use needs revalidation, which needs a validator.
            return StoreDecision.no(NoCacheReason.NO_CACHE);
        }
        OptionalLong lifetime = noCache ? OptionalLong.of(0)
                : lifetime(status, response, cc, rule, settings, date, responseTime);
        if (lifetime.isEmpty()) {
            return StoreDecision.no(HEURISTIC_STATUSES.contains(status) ? NoCacheReason.NO_FRESHNESS : NoCacheReason.STATUS);
        }
        long ttl = lifetime.getAsLong();
        // RFC 9111 4.2.4: no stale response where the origin forbade one; no-cache asks that every use be revalidated.
        boolean mustRevalidate = noCache || cc.has("must-revalidate") || cc.has("proxy-revalidate");
        long swr = rule.staleWhileRevalidateSeconds() != null ? rule.staleWhileRevalidateSeconds()
                : mustRevalidate ? 0 : cc.seconds("stale-while-revalidate").orElse(0);
        long sie = rule.staleIfErrorSeconds() != null ? rule.staleIfErrorSeconds()
                : mustRevalidate ? 0 : cc.seconds("stale-if-error").orElse(0);
        if (ttl <= 0 && !validators && swr == 0 && sie == 0) {
            return StoreDecision.no(NoCacheReason.ZERO_TTL);
        }
        long age = initialAge(response, requestTime, responseTime);
        return new StoreDecision(null, ttl, swr, sie, age, authShareable, setCookie);
    }

    /** The freshness lifetime in seconds, or empty when the response gives none and no heuristic applies. */
    static OptionalLong lifetime(int status, HttpHeaders response, CacheControl cc, CacheRule rule,
                                 ServiceSettings settings, long date, long responseTime) {
        Integer statusTtl = rule.statusTtls().get(String.valueOf(status));
        if (statusTtl != null) {
            return OptionalLong.of(statusTtl);
        }
        if (rule.edgeTtlSeconds() != null && EDGE_TTL_STATUSES.contains(status)) {
            return OptionalLong.of(rule.edgeTtlSeconds());
        }
        for (String directive : List.of("s-maxage", "max-age")) {
            OptionalLong seconds = cc.seconds(directive);
            if (seconds.isPresent()) {
                return seconds;
            }
            if (cc.invalidSeconds(directive)) {
                // RFC 9111 4.2.1: "caches are encouraged to consider responses that have invalid freshness
                // information (e.g., a max-age directive with non-integer content) to be stale".
                return OptionalLong.of(0);
            }
        }
        List<String> expiresLines = response.getAll("Expires");
        if (!expiresLines.isEmpty()) {
            // Expires is a singleton: a second field line makes it invalid, and an invalid Expires (a bad date, "0",
            // a one-digit hour) means already expired (RFC 9111 5.3).
            long expires = expiresLines.size() == 1 ? HttpDates.parse(expiresLines.get(0), responseTime) : -1;
            long base = date >= 0 ? date : responseTime;
            return OptionalLong.of(expires < 0 ? 0 : Math.max(0, (expires - base) / 1000));
        }
        if (!HEURISTIC_STATUSES.contains(status)) {
            return OptionalLong.empty();
        }
        if (settings.defaultTtlSeconds() != null) {
            return OptionalLong.of(settings.defaultTtlSeconds());
        }
        long lastModified = HttpDates.parse(response.get("Last-Modified"), responseTime);
        if (lastModified >= 0) {
            long base = date >= 0 ? date : responseTime;
            long heuristic = Math.max(0, (base - lastModified) / 1000 / 10);
            return OptionalLong.of(Math.min(heuristic, HEURISTIC_CAP_SECONDS));
        }
        return OptionalLong.empty();
    }

    /** RFC 9111 4.2.3 corrected_initial_age, in seconds. */
    public static long initialAge(HttpHeaders response, long requestTime, long responseTime) {
        long date = HttpDates.parse(response.get("Date"), responseTime);
        long apparentAge = date < 0 ? 0 : Math.max(0, (responseTime - date) / 1000);
        long ageValue = ageValue(response.getAll("Age"));
        long responseDelay = Math.max(0, (responseTime - requestTime) / 1000);
        return Math.max(apparentAge, ageValue + responseDelay);
    }

    /**
     * The Age field's value in seconds (RFC 9111 §5.1). Age is a singleton, but "a cache encountering a message with
     * a list-based Age field value SHOULD use the first member of the field value, discarding subsequent ones"
     * ({@code 7200, 0} is 7200, as is a second field line); "if the field value (after discarding additional
     * members...) is invalid (e.g., it contains something other than a non-negative integer), a cache SHOULD ignore
     * the field" (0). Too large to represent: 2^31 (§1.2.2).
     */
    static long ageValue(List<String> fieldLines) {
        if (fieldLines.isEmpty()) {
            return 0;
        }
        String first = fieldLines.get(0);
        int comma = first.indexOf(',');
        String member = (comma < 0 ? first : first.substring(0, comma)).trim();
        return CacheControl.deltaSeconds(member).orElse(0);
    }

    /** RFC 9111 4.2.3 current_age, in seconds. */
    public static long currentAge(long initialAgeSeconds, long responseTime, long now) {
        return initialAgeSeconds + Math.max(0, (now - responseTime) / 1000);
    }

    static boolean varyStar(HttpHeaders response) {
        for (String v : response.getAll("Vary")) {
            for (String part : v.split(",")) {
                if (part.trim().equals("*")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when every field the response's Vary names is one the rule keys variants on. RFC 9111 4.1 lets a cache
     * reuse a stored response only when the nominated request fields match; a field the rule does not key on
     * (Cookie, Accept-Language without languages...) would be ignored at lookup and one user's answer served to
     * another, so such a response is not stored at all unless the rule lists the field in {@code varyHeaders}.
     */
    static boolean varyKeyed(HttpHeaders response, CacheRule rule) {
        for (String name : varyNames(response)) {
            boolean keyed = false;
            for (String h : rule.varyHeaders()) {
                keyed |= h.equalsIgnoreCase(name);
            }
            if (!keyed) {
                return false;
            }
        }
        return true;
    }

    /** Lower-cased field names listed in Vary. */
    public static java.util.List<String> varyNames(HttpHeaders response) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String v : response.getAll("Vary")) {
            for (String part : v.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !out.contains(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}

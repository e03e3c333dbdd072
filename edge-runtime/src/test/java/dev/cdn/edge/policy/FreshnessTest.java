package dev.cdn.edge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.QueryMode;
import dev.cdn.config.RuleMatch;
import dev.cdn.config.ServiceSettings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FreshnessTest {

    static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final String DATE = HttpDates.format(NOW);

    static HttpHeaders h(String... pairs) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    static CacheRule rule(Integer edgeTtl, Map<String, Integer> statusTtls, boolean ignoreNoCache) {
        return new CacheRule("r", RuleMatch.ANY, edgeTtl, null, false, statusTtls, ignoreNoCache, null, null,
                QueryMode.ALL, null, null, null, null, null, false, null, null);
    }

    /** status, response headers, rule, request has Authorization, expected reason (null = stored), expected ttl. */
    static Stream<Arguments> table() {
        CacheRule plain = CacheRule.DEFAULT;
        String lm10DaysAgo = HttpDates.format(NOW - 10L * 24 * 3600 * 1000);
        return Stream.of(
                Arguments.of("max-age", 200, h("Cache-Control", "max-age=60"), plain, false, null, 60L),
                Arguments.of("s-maxage beats max-age", 200, h("Cache-Control", "max-age=60, s-maxage=120"), plain, false, null, 120L),
                Arguments.of("CDN-Cache-Control beats Cache-Control", 200, h("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=30"), plain, false, null, 30L),
                Arguments.of("Surrogate-Control beats Cache-Control", 200, h("Cache-Control", "max-age=1", "Surrogate-Control", "max-age=90"), plain, false, null, 90L),
                Arguments.of("no-store", 200, h("Cache-Control", "no-store, max-age=60"), plain, false, NoCacheReason.NO_STORE, 0L),
                Arguments.of("private", 200, h("Cache-Control", "private, max-age=60"), plain, false, NoCacheReason.PRIVATE, 0L),
                Arguments.of("private ignored by rule", 200, h("Cache-Control", "private, max-age=60"), rule(null, null, true), false, null, 60L),
                Arguments.of("no-cache without validator", 200, h("Cache-Control", "no-cache"), plain, false, NoCacheReason.NO_CACHE, 0L),
                Arguments.of("no-cache with validator", 200, h("Cache-Control", "no-cache, max-age=60", "ETag", "\"a\""), plain, false, null, 0L),
                Arguments.of("Expires minus Date", 200, h("Date", DATE, "Expires", HttpDates.format(NOW + 300_000)), plain, false, null, 300L),
                Arguments.of("invalid Expires is expired", 200, h("Date", DATE, "Expires", "0", "ETag", "\"x\""), plain, false, null, 0L),
                Arguments.of("heuristic 10% of Last-Modified age", 200, h("Date", DATE, "Last-Modified", lm10DaysAgo), plain, false, null, 24 * 3600L),
                Arguments.of("no freshness at all", 200, h(), plain, false, NoCacheReason.NO_FRESHNESS, 0L),
                Arguments.of("500 without explicit freshness", 500, h("Last-Modified", lm10DaysAgo), plain, false, NoCacheReason.STATUS, 0L),
                Arguments.of("502 with max-age is not stored", 502, h("Cache-Control", "max-age=3600"), rule(3600, null, false), false, NoCacheReason.STATUS, 0L),
                Arguments.of("503 named in statusTtls", 503, h("Cache-Control", "max-age=3600"), rule(null, Map.of("503", 30), false), false, null, 30L),
                Arguments.of("a shield's self-made 502, even named", 502, h("Cache-Status", "shield-1; fwd=uri-miss; detail=upstream-error"), rule(null, Map.of("502", 30), false), false, NoCacheReason.UPSTREAM_ERROR, 0L),
                Arguments.of("an origin 502 relayed by a shield", 502, h("Cache-Status", "shield-1; fwd=uri-miss; fwd-status=502; stored"), rule(null, Map.of("502", 30), false), false, null, 30L),
                Arguments.of("Set-Cookie not stored", 200, h("Cache-Control", "max-age=60", "Set-Cookie", "a=1"), plain, false, NoCacheReason.SET_COOKIE, 0L),
                Arguments.of("Vary star", 200, h("Cache-Control", "max-age=60", "Vary", "*"), plain, false, NoCacheReason.VARY_STAR, 0L),
                Arguments.of("Vary on a keyed field", 200, h("Cache-Control", "max-age=60", "Vary", "accept-encoding"), plain, false, null, 60L),
                Arguments.of("Vary on Cookie the rule does not key", 200, h("Cache-Control", "max-age=60", "Vary", "Accept-Encoding, Cookie"), plain, false, NoCacheReason.VARY_UNKEYED, 0L),
                Arguments.of("Vary on a field of a second line", 200, h("Cache-Control", "max-age=60", "Vary", "Accept-Encoding", "Vary", "Accept-Language"), plain, false, NoCacheReason.VARY_UNKEYED, 0L),
                Arguments.of("Authorization without public", 200, h("Cache-Control", "max-age=60"), plain, true, NoCacheReason.AUTHORIZATION, 0L),
                Arguments.of("Authorization with public", 200, h("Cache-Control", "public, max-age=60"), plain, true, null, 60L),
                Arguments.of("edgeTtl overrides max-age", 200, h("Cache-Control", "max-age=60"), rule(5, null, false), false, null, 5L),
                Arguments.of("edgeTtl does not apply to 404", 404, h(), rule(5, null, false), false, NoCacheReason.NO_FRESHNESS, 0L),
                Arguments.of("statusTtls for 404", 404, h(), rule(5, Map.of("404", 30), false), false, null, 30L),
                Arguments.of("defaultTtlSeconds when nothing else", 200, h(), plain, false, null, 0L)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decide_followsRfc9111AndRuleOverrides(String name, int status, HttpHeaders response, CacheRule rule,
                                                boolean auth, NoCacheReason reason, long ttl) {
        ServiceSettings settings = name.startsWith("defaultTtl")
                ? new ServiceSettings(0, true, List.of(), null) : ServiceSettings.DEFAULTS;
        StoreDecision d = Freshness.decide(auth, status, response, rule, settings, NOW, NOW);
        if (name.startsWith("defaultTtl")) {
            assertThat(d.reason()).isEqualTo(NoCacheReason.ZERO_TTL);
            return;
        }
        assertThat(d.reason()).isEqualTo(reason);
        if (reason == null) {
            assertThat(d.ttlSeconds()).isEqualTo(ttl);
        }
    }

    @Test
    void initialAge_usesAgeHeaderApparentAgeAndResponseDelay() {
        HttpHeaders resp = h("Date", HttpDates.format(NOW - 10_000), "Age", "3");
        assertThat(Freshness.initialAge(resp, NOW - 2000, NOW)).isEqualTo(10);
        assertThat(Freshness.initialAge(h("Age", "30"), NOW - 2000, NOW)).isEqualTo(32);
        assertThat(Freshness.currentAge(10, NOW, NOW + 5_000)).isEqualTo(15);
    }

    @Test
    void staleWindows_comeFromDirectivesOrRule_andMustRevalidateDisablesThem() {
        StoreDecision d = Freshness.decide(false, 200, h("Cache-Control", "max-age=1, stale-while-revalidate=30, stale-if-error=60"),
                CacheRule.DEFAULT, ServiceSettings.DEFAULTS, NOW, NOW);
        assertThat(d.swrSeconds()).isEqualTo(30);
        assertThat(d.sieSeconds()).isEqualTo(60);
        StoreDecision mr = Freshness.decide(false, 200, h("Cache-Control", "max-age=1, must-revalidate, stale-if-error=60"),
                CacheRule.DEFAULT, ServiceSettings.DEFAULTS, NOW, NOW);
        assertThat(mr.sieSeconds()).isZero();
    }

    @Test
    void noCache_disablesTheOriginsStaleWindows_soEveryUseIsRevalidated() {
        // RFC 9111 4.2.4: a cache MUST NOT generate a stale response when a no-cache directive prohibits it.
        StoreDecision d = Freshness.decide(false, 200, h("Cache-Control",
                "no-cache, stale-while-revalidate=60, stale-if-error=60", "ETag", "\"x\""),
                CacheRule.DEFAULT, ServiceSettings.DEFAULTS, NOW, NOW);
        assertThat(d.storable()).isTrue();
        assertThat(d.ttlSeconds()).isZero();
        assertThat(d.swrSeconds()).isZero();
        assertThat(d.sieSeconds()).isZero();
    }

    @Test
    void cacheControlParse_handlesQuotesCaseAndDuplicates() {
        CacheControl cc = CacheControl.parse(List.of("Max-Age=5, private=\"Set-Cookie, X\"", "max-age=9, no-cache"));
        assertThat(cc.seconds("max-age")).hasValue(5);
        assertThat(cc.directives().get("private")).isEqualTo("Set-Cookie, X");
        assertThat(cc.has("no-cache")).isTrue();
        assertThat(CacheControl.parse("max-age=abc").seconds("max-age")).isEmpty();
    }

    @Test
    void ifRange_matchesStrongTagsAndStrongDatesOnly() {
        String modified = HttpDates.format(NOW - 60_000);
        String sent = HttpDates.format(NOW);
        assertThat(Conditionals.ifRangeMatches("\"a\"", "\"a\"", null, null)).isTrue();
        assertThat(Conditionals.ifRangeMatches("W/\"a\"", "W/\"a\"", null, null)).isFalse();
        assertThat(Conditionals.ifRangeMatches("\"a\"", "W/\"a\"", null, null)).isFalse();
        assertThat(Conditionals.ifRangeMatches("\"a\"", null, modified, sent)).isFalse();
        assertThat(Conditionals.ifRangeMatches(modified, "\"a\"", modified, sent)).isTrue();
        assertThat(Conditionals.ifRangeMatches(modified, null, modified, modified))
                .as("modified in the second the response was sent: a weak validator").isFalse();
        assertThat(Conditionals.ifRangeMatches(HttpDates.format(NOW - 30_000), null, modified, sent)).isFalse();
        assertThat(Conditionals.ifRangeMatches("not a date", null, modified, sent)).isFalse();
    }

    @Test
    void conditionals_andRanges() {
        assertThat(Conditionals.notModified(h("If-None-Match", "\"a\", W/\"b\""), "\"b\"", null)).isTrue();
        assertThat(Conditionals.notModified(h("If-None-Match", "\"c\""), "\"b\"", null)).isFalse();
        assertThat(Conditionals.notModified(h("If-Modified-Since", DATE), null, HttpDates.format(NOW - 1000))).isTrue();
        assertThat(ByteRange.parse("bytes=0-", 10).range()).isEqualTo(new ByteRange(0, 9));
        assertThat(ByteRange.parse("bytes=-3", 10).range()).isEqualTo(new ByteRange(7, 9));
        assertThat(ByteRange.parse("bytes=5-100", 10).range()).isEqualTo(new ByteRange(5, 9));
        assertThat(ByteRange.parse("bytes=10-", 10).verdict()).isEqualTo(ByteRange.Verdict.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=1-2,4-5", 10).verdict()).isEqualTo(ByteRange.Verdict.FULL);
    }
}

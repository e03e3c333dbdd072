package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectionValidatorTest {

    static final String SECRET = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);

    static ServiceConfig service(Protection protection) {
        return new ServiceConfig("s1", "t1", "s", 1, List.of("a.localhost"), List.of(Origin.of("o", "10.0.0.1", 80)),
                List.of(), null, null, protection);
    }

    static List<String> fields(Protection protection) {
        return ConfigValidator.validate(service(protection)).stream().map(Violation::field).toList();
    }

    @Test
    void signedUrls_goodKeys_haveNoViolations() {
        assertThat(fields(new Protection(new SignedUrls(null, "cdn_token", List.of("/videos/**"),
                List.of(new SigningKey("k1", SECRET), new SigningKey("k2", SECRET)))))).isEmpty();
    }

    @Test
    void signedUrls_badNamesKeysAndGlobs_areNamed() {
        SignedUrls bad = new SignedUrls("to ken", "a;b", List.of("videos/**"),
                List.of(new SigningKey("k 1", "c2hvcnQ"), new SigningKey(null, null)));
        assertThat(fields(new Protection(bad))).containsExactlyInAnyOrder(
                "protection.signedUrls.parameter", "protection.signedUrls.cookie", "protection.signedUrls.paths[0]",
                "protection.signedUrls.keys[0].id", "protection.signedUrls.keys[0].secret",
                "protection.signedUrls.keys[1].id", "protection.signedUrls.keys[1].secret");
    }

    @Test
    void signedUrls_threeKeysOrDuplicateIdsOrNone_areRefused() {
        SigningKey k = new SigningKey("k1", SECRET);
        assertThat(fields(new Protection(new SignedUrls(null, null, null, List.of(k, k, new SigningKey("k3", SECRET))))))
                .contains("protection.signedUrls.keys", "protection.signedUrls.keys[1].id");
        assertThat(fields(new Protection(new SignedUrls(null, null, null, List.of()))))
                .containsExactly("protection.signedUrls.keys");
    }

    @Test
    void signedUrls_secretNotBase64OrOutOfLength_neverQuotesTheSecret() {
        String tooLong = Base64.getUrlEncoder().encodeToString(new byte[65]);
        List<Violation> v = ConfigValidator.validate(service(new Protection(new SignedUrls(null, null, null,
                List.of(new SigningKey("k1", "not*base64"), new SigningKey("k2", tooLong))))));
        assertThat(v).extracting(Violation::field).containsExactly("protection.signedUrls.keys[0].secret",
                "protection.signedUrls.keys[1].secret");
        assertThat(v.toString()).doesNotContain("not*base64").doesNotContain(tooLong);
    }

    @Test
    void redacted_keepsIdAndFingerprint_dropsSecret() {
        Protection p = new Protection(new SignedUrls(null, null, null, List.of(new SigningKey("k1", SECRET))));
        String json = ConfigCodec.write(p.redacted());
        assertThat(json).doesNotContain(SECRET).contains("\"id\":\"k1\"").contains("\"fingerprint\":\"sha256:66687aadf862bd77\"");
        assertThat(p.signedUrls().keys().get(0).toString()).doesNotContain(SECRET);
    }

    @Test
    void fingerprint_sentByAClient_isReplacedByTheSecretsOwn() {
        assertThat(new SigningKey("k1", SECRET, "sha256:0000000000000000").fingerprint()).isEqualTo("sha256:66687aadf862bd77");
    }

    @Test
    void codec_roundTripsSignedUrls() {
        ServiceConfig s = service(new Protection(new SignedUrls("t", null, List.of("/a/*"), List.of(new SigningKey("k1", SECRET)))));
        assertThat(ConfigCodec.readServiceConfig(ConfigCodec.writeBytes(s))).isEqualTo(s);
    }

    @Test
    void rateLimits_outOfRangeOrWithoutTheirHeader_areNamed() {
        List<RateLimit> limits = List.of(
                new RateLimit("ok", List.of("/api/**"), RateLimitKey.HEADER, "X-Api-Key", 10, 20),
                new RateLimit("ok", List.of("api"), RateLimitKey.HEADER, null, 0, 100_001),
                new RateLimit("bad name!", null, RateLimitKey.ADDRESS, "X-Api-Key", 100_001, null));
        assertThat(fields(new Protection(null, limits))).containsExactlyInAnyOrder(
                "protection.rateLimits[1].name", "protection.rateLimits[1].paths[0]", "protection.rateLimits[1].header",
                "protection.rateLimits[1].requestsPerSecond", "protection.rateLimits[1].burst",
                "protection.rateLimits[2].name", "protection.rateLimits[2].header",
                "protection.rateLimits[2].requestsPerSecond", "protection.rateLimits[2].burst");
    }

    @Test
    void rateLimits_moreThanEight_areRefused() {
        List<RateLimit> limits = java.util.stream.IntStream.range(0, 9)
                .mapToObj(i -> new RateLimit("l" + i, null, null, null, 1, null)).toList();
        assertThat(fields(new Protection(null, limits))).containsExactly("protection.rateLimits");
    }

    @Test
    void codec_readsRateLimitKeysInLowerCase() {
        String json = "{\"rateLimits\":[{\"name\":\"a\",\"by\":\"header\",\"header\":\"X-K\",\"requestsPerSecond\":5}]}";
        Protection p = tools.jackson.databind.json.JsonMapper.builder().build().readValue(json, Protection.class);
        assertThat(p.rateLimits().get(0).by()).isEqualTo(RateLimitKey.HEADER);
        assertThat(p.rateLimits().get(0).burst()).isEqualTo(5);
    }

    @Test
    void accessLists_badBlocksAndCountries_areNamed() {
        AccessLists lists = new AccessLists(List.of("10.0.0.0/8", "10.0.0.0/40"), List.of("2001:db8::/32", "bogus"),
                List.of("DE", "de", "XX"), List.of("FR", "FR"));
        assertThat(fields(new Protection(null, null, lists))).containsExactlyInAnyOrder(
                "protection.access.allowAddresses[1]", "protection.access.denyAddresses[1]",
                "protection.access.allowCountries[1]", "protection.access.allowCountries[2]",
                "protection.access.denyCountries[1]");
    }

    @Test
    void accessLists_tooManyAddresses_areRefusedAsAWhole() {
        List<String> many = java.util.stream.IntStream.range(0, AccessLists.MAX_ADDRESSES + 1)
                .mapToObj(i -> "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)).toList();
        assertThat(fields(new Protection(null, null, new AccessLists(many, null, null, null))))
                .containsExactly("protection.access.allowAddresses");
    }

    @Test
    void filters_outOfRangeLimitsBadMethodsAndGlobs_areNamed() {
        RequestFilters f = new RequestFilters(null, -1L, 8, List.of("GET", "get", "GET"), List.of("app/**"), true, true);
        assertThat(fields(new Protection(null, null, null, f))).containsExactlyInAnyOrder(
                "protection.filters.maxBodyBytes", "protection.filters.maxUrlBytes", "protection.filters.methods[1]",
                "protection.filters.methods[2]", "protection.filters.paths[0]");
        assertThat(new RequestFilters(null, null, null, null, null, false, false).mode()).isEqualTo(FilterMode.BLOCK);
    }
}

package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which origin-authentication fields and values are accepted, and that a config never prints the value. */
class OriginAuthTest {

    static final String VALUE = "0123456789abcdef-the-secret";

    @ParameterizedTest
    @ValueSource(strings = {"X-Origin-Auth", "X-Shop-Key", "Origin-Token", "x_auth!#$%&'*+.^`|~"})
    void headerProblem_acceptsTokensThePlatformDoesNotOwn(String header) {
        assertThat(OriginAuth.headerProblem(header)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X Auth", "X-Auth:", "X-Äuth", "Host", "host", "Via", "CDN-Loop", "Forwarded",
            "X-Forwarded-For", "x-forwarded-anything", "X-Cdn-Shield", "X-Cdn-Fleet", "Cdn-Debug", "Connection",
            "Keep-Alive", "TE", "Transfer-Encoding", "Upgrade", "Proxy-Authorization", "Authorization", "Cookie",
            "If-None-Match", "Range", "Content-Length", "Cache-Control"})
    void headerProblem_refusesHopByHopPlatformOwnedAndMalformedNames(String header) {
        assertThat(OriginAuth.headerProblem(header)).isNotNull();
    }

    @Test
    void check_namesEachBadField_andNeverEchoesTheValue() {
        String spaced = "has spaces in it but is long";
        assertThat(OriginAuth.check("X-Origin-Auth", VALUE, "")).isEmpty();
        assertThat(OriginAuth.check("X-Origin-Auth", "x".repeat(16), "")).isEmpty();
        assertThat(OriginAuth.check("X-Origin-Auth", "x".repeat(512), "")).isEmpty();
        for (String bad : List.of("x".repeat(15), "x".repeat(513), spaced, "tab\tseparated-value-long", "ünïcode-value-long-enough")) {
            List<Violation> v = OriginAuth.check("X-Origin-Auth", bad, "originAuth.");
            assertThat(v).singleElement().satisfies(one -> {
                assertThat(one.field()).isEqualTo("originAuth.value");
                assertThat(one.message()).doesNotContain(bad);
            });
        }
        assertThat(OriginAuth.check("Host", null, "")).extracting(Violation::field).containsExactly("header", "value");
    }

    @Test
    void aConfigWithSecrets_printsFingerprintsOnly_andSurvivesTheCodec() {
        ServiceSecrets secrets = new ServiceSecrets(new OriginAuth("X-Origin-Auth", VALUE), OriginAuth.sha256Hex("tok"));
        ServiceConfig c = new ServiceConfig("svc", "t", "svc", 1, List.of("a.localhost"),
                List.of(Origin.of("o", "127.0.0.1", 9)), List.of(), ServiceSettings.DEFAULTS.withSecrets(secrets));

        assertThat(c.toString()).doesNotContain(VALUE).contains(secrets.originAuth().fingerprint());
        assertThat(ConfigCodec.readServiceConfig(ConfigCodec.write(c).getBytes(StandardCharsets.UTF_8))).isEqualTo(c);
        assertThat(ServiceSettings.DEFAULTS.withSecrets(new ServiceSecrets(null, null)).secrets()).isNull();
    }

    @Test
    void aPushedConfig_withAMalformedSecret_isRefusedByTheValidator() {
        ServiceConfig c = new ServiceConfig("svc", "t", "svc", 1, List.of("a.localhost"),
                List.of(Origin.of("o", "127.0.0.1", 9)), List.of(),
                ServiceSettings.DEFAULTS.withSecrets(new ServiceSecrets(new OriginAuth("Via", VALUE), "not-hex")));

        assertThat(ConfigValidator.validate(c)).extracting(Violation::field)
                .contains("settings.secrets.originAuth.header", "settings.secrets.debugTokenSha256");
    }
}

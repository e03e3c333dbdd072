package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

    private static ServiceConfig service(List<String> domains, List<Origin> origins, List<CacheRule> rules) {
        return new ServiceConfig("s1", "t1", "s", 1, domains, origins, rules, null);
    }

    private static CacheRule rule(RuleMatch match, Integer edgeTtl, QueryMode mode, List<String> params) {
        return new CacheRule("r", match, edgeTtl, null, false, Map.of(), false, null, null, mode, params,
                List.of(), List.of(), List.of(), List.of(), false, null, null);
    }

    @Test
    void validate_goodConfig_hasNoViolations() {
        assertThat(ConfigValidator.validate(service(List.of("a.example.com", "*.b.example.com"),
                List.of(Origin.of("o", "10.0.0.1", 80)), List.of()))).isEmpty();
    }

    @Test
    void validate_reportsEveryProblemWithItsField() {
        ServiceConfig bad = new ServiceConfig("", "t", "s", 0, List.of("bad_host!", "*.com"),
                List.of(Origin.of("o", "", 70000)),
                List.of(rule(new RuleMatch("nope", "/a/[", List.of(".png"), List.of("get")), -1,
                        QueryMode.WHITELIST, List.of())),
                null);
        List<String> fields = ConfigValidator.validate(bad).stream().map(Violation::field).toList();
        assertThat(fields).contains("id", "version", "domains[0]", "domains[1]", "origins[0].host",
                "origins[0].port", "rules[0].match.pathPrefix", "rules[0].match.extensions[0]",
                "rules[0].match.methods[0]", "rules[0].edgeTtlSeconds", "rules[0].queryParams");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/health\r\nX-Injected: 1", "/health\n", "/h\u0000",
            "/with space", "/caf\u00e9"})
    void validate_healthCheckPathWithCrLfNulOrControls_isRefused(String path) {
        Origin o = new Origin("o", "a.test", 80, false, null, null, null, path, null, null);
        assertThat(ConfigValidator.validate(service(List.of("a.test"), List.of(o), List.of())))
                .extracting(Violation::field).containsExactly("origins[0].healthCheckPath");
    }

    @Test
    void validate_esiSettingsOutOfRange_nameEachField() {
        EsiSettings esi = new EsiSettings(0, 11, 0L, 60_001, 0, List.of("bad_host!", "static.example.com"),
                List.of("fragments/", "/fragments/"));
        ServiceConfig s = new ServiceConfig("s1", "t1", "s", 1, List.of("a.test"), List.of(Origin.of("o", "a.test", 80)),
                List.of(), new ServiceSettings(null, true, List.of(), null, null, esi));

        assertThat(ConfigValidator.validate(s)).extracting(Violation::field).containsExactlyInAnyOrder(
                "settings.esi.maxIncludes", "settings.esi.maxDepth", "settings.esi.maxFragmentBytes",
                "settings.esi.includeTimeoutMs", "settings.esi.totalTimeoutMs", "settings.esi.allowedHosts[0]",
                "settings.esi.allowedPaths[0]");
    }

    @Test
    void serviceSettings_withoutEsi_getTheNodesDefaults() {
        assertThat(new ServiceSettings(null, true, List.of(), null).esi()).isEqualTo(EsiSettings.DEFAULTS);
        assertThat(ServiceSettings.DEFAULTS.esi()).isEqualTo(EsiSettings.DEFAULTS);
    }

    @Test
    void validate_queryParamWithCrLf_isRefused() {
        assertThat(ConfigValidator.validate(service(List.of("a.test"), List.of(Origin.of("o", "a.test", 80)),
                List.of(rule(null, null, QueryMode.WHITELIST, List.of("utm\r\n*"))))))
                .extracting(Violation::field).containsExactly("rules[0].queryParams[0]");
    }

    @Test
    void validate_logSampleRateOutsideZeroToOne_isRefused() {
        for (double rate : new double[]{-0.1, 1.5, Double.NaN}) {
            ServiceConfig c = new ServiceConfig("s", "t", "s", 1, List.of("a.test"), List.of(Origin.of("o", "a.test", 80)),
                    List.of(), new ServiceSettings(null, true, List.of(), null, null, rate));
            assertThat(ConfigValidator.validate(c)).as("rate " + rate).extracting(Violation::field)
                    .containsExactly("settings.logSampleRate");
        }
        ServiceConfig fine = new ServiceConfig("s", "t", "s", 1, List.of("a.test"), List.of(Origin.of("o", "a.test", 80)),
                List.of(), new ServiceSettings(null, true, List.of(), null, null, 0.25));
        assertThat(ConfigValidator.validate(fine)).isEmpty();
    }

    @Test
    void validate_noDomainsOrOrigins_isRefused() {
        List<String> fields = ConfigValidator.validate(service(List.of(), List.of(), List.of()))
                .stream().map(Violation::field).toList();
        assertThat(fields).containsExactlyInAnyOrder("domains", "origins");
    }

    @Test
    void validate_unknownOriginPool_isRefused() {
        CacheRule r = new CacheRule("r", null, null, null, false, null, false, null, null, null, null, null, null,
                null, null, false, null, "missing");
        assertThat(ConfigValidator.validate(service(List.of("a.test"), List.of(Origin.of("o", "a.test", 80)),
                List.of(r)))).extracting(Violation::field).containsExactly("rules[0].originPool");
    }

    @Test
    void validate_statusTtlKeyMustBeAStatusCode() {
        CacheRule r = new CacheRule("r", null, null, null, false, Map.of("999", 5, "404", 30), false, null, null,
                null, null, null, null, null, null, false, null, null);
        assertThat(ConfigValidator.validate(service(List.of("a.test"), List.of(Origin.of("o", "a.test", 80)),
                List.of(r)))).extracting(Violation::field).containsExactly("rules[0].statusTtls.999");
    }

    @Test
    void validate_ruleShadowedByAnEarlierIdenticalOrCatchAllRule_isRefused() {
        CacheRule img = rule(new RuleMatch("/img/", null, null, null), 60, null, null);
        CacheRule img2 = rule(new RuleMatch("/img/", null, null, null), 120, null, null);
        CacheRule all = rule(null, 10, null, null);
        CacheRule css = rule(new RuleMatch(null, null, List.of("css"), null), 10, null, null);
        assertThat(ConfigValidator.validate(service(List.of("a.test"), List.of(Origin.of("o", "a.test", 80)),
                List.of(img, img2, all, css)))).extracting(Violation::field)
                .containsExactly("rules[1].match", "rules[3].match");
    }
}

package dev.cdn.edge.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.RuleMatch;
import dev.cdn.edge.support.Configs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingTest {

    static final HostRouter<String> ROUTER = HostRouter.of(Map.of(
            "example.com", "apex", "*.example.com", "wild", "www.example.com", "www", "*.img.example.com", "img"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "example.com|apex",
            "EXAMPLE.com:8080|apex",
            "example.com.|apex",
            "www.example.com|www",
            "api.example.com|wild",
            "a.b.example.com|wild",
            "x.img.example.com|img",
            "example.org|null",
            "notexample.com|null",
            "''|null",
    })
    void route_exactThenMostSpecificWildcard(String host, String expected) {
        assertThat(ROUTER.route(host)).isEqualTo(expected);
    }

    /** Tenant A holds a.example and *.a.example; B's exact www.a.example must not win (hostname hijack). */
    static final HostRouter<String> OWNED = HostRouter.of(Map.of(
            "a.example", "A:apex", "*.a.example", "A:wild", "*.img.a.example", "A:img", "www.a.example", "B:www",
            "*.deep.a.example", "B:deep", "b.example", "B:apex"), v -> v.substring(0, 1));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "www.a.example|A:wild",
            "x.deep.a.example|A:wild",
            "x.img.a.example|A:img",
            "a.example|A:apex",
            "b.example|B:apex",
    })
    void route_acrossTenants_ownershipBeatsSpecificity(String host, String expected) {
        assertThat(OWNED.route(host)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/static/app.css|GET|static",
            "/img/a/b.png|GET|png",
            "/img/a/b.PNG|GET|png",
            "/doc.css|GET|css",
            "/doc.css|POST|default",
            "/other|GET|default",
    })
    void selectRule_firstMatchWins(String path, String method, String expected) {
        RuleSelector s = new RuleSelector(List.of(
                new CompiledRule(Configs.rule("static", new RuleMatch("/static/", null, null, null))),
                new CompiledRule(Configs.rule("png", new RuleMatch(null, "/img/**.png", null, null))),
                new CompiledRule(Configs.rule("png", new RuleMatch(null, "/img/**", List.of("png"), null))),
                new CompiledRule(Configs.rule("css", new RuleMatch(null, null, List.of("css"), List.of("GET"))))),
                new CompiledRule(CacheRule.DEFAULT));
        assertThat(s.select(path, method).rule().name()).isEqualTo(expected);
    }
}

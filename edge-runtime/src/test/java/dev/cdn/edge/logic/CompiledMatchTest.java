package dev.cdn.edge.logic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.FieldMatch;
import dev.cdn.config.FieldOp;
import dev.cdn.config.LogicMatch;
import dev.cdn.config.PathGlob;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Conditions as pure functions of a request: the glob pre-check agrees with the automaton, each condition holds. */
class CompiledMatchTest {

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "/static/**.css, /static/a/b.css",
            "/static/**.css, /static/a/b.js",
            "/static/**.css, /img/a.css",
            "**/x, /a/b/x",
            "**/x, /a/b/y",
            "/a?c, /abc",
            "/a?c, /a/c",
            "/exact, /exact",
            "/exact, /exact/more",
            "/*.html, /.html",
            "/**, /"})
    void globPreCheck_neverDisagreesWithTheAutomaton(String glob, String path) {
        CompiledMatch m = new CompiledMatch(LogicMatch.path(glob));
        assertThat(m.matches(FakeRequest.get(path))).isEqualTo(PathGlob.compile(glob).matches(path));
    }

    @Test
    void literalHeadAndTail_areTheTextAroundTheWildcards() {
        assertThat(CompiledMatch.literalHead("/static/**.css")).isEqualTo("/static/");
        assertThat(CompiledMatch.literalTail("/static/**.css")).isEqualTo(".css");
        assertThat(CompiledMatch.literalHead("/exact")).isEqualTo("/exact");
        assertThat(CompiledMatch.literalTail("/exact")).isEqualTo("/exact");
        assertThat(CompiledMatch.literalTail("/a/*")).isEmpty();
    }

    @Test
    void everyConditionMustHold() throws Exception {
        CompiledMatch m = new CompiledMatch(new LogicMatch("/api/**", List.of("GET"), List.of("https"),
                List.of(new FieldMatch("X-Client", FieldOp.REGEX, "^app-[0-9]+$")),
                List.of(new FieldMatch("session", FieldOp.PRESENT, null)),
                null, List.of("10.0.0.0/8"), List.of("DE")));
        FakeRequest r = FakeRequest.get("/api/items").header("x-client", "app-7").cookie("session", "s");
        r.address = InetAddress.getByName("10.1.2.3");
        r.country = "DE";
        assertThat(m.matches(r)).isTrue();
        r.country = null; // no country lookup: a country condition never holds
        assertThat(m.matches(r)).isFalse();
        r.country = "DE";
        r.address = InetAddress.getByName("192.0.2.1");
        assertThat(m.matches(r)).isFalse();
        r.address = InetAddress.getByName("10.1.2.3");
        r.headers.put("X-Client", "app-x");
        assertThat(m.matches(r)).isFalse();
    }
}

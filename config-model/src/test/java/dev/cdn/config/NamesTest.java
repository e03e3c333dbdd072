package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Shop", "Déploiement – 東京 🚀", "  padded  ", "a-b_c.d (prod)"})
    void displayName_printableUnicode_isAccepted(String name) {
        assertThat(Names.displayNameProblem(name, Names.DISPLAY_MAX)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000", "line\nbreak", "esc\u001b[31m", "tab\there", "del\u007f", "c1\u0085",
            "ls\u2028", "evil\u202Etxt.exe", "lre\u202A", "iso\u2066late", "pdi\u2069", "lone\uD800"})
    void displayName_controlBidiOrBrokenCharacters_areRefused(String name) {
        assertThat(Names.displayNameProblem(name, Names.DISPLAY_MAX)).startsWith("must not contain");
    }

    @Test
    void displayName_lengthCountsCodePoints_andBlankIsRequired() {
        assertThat(Names.displayNameProblem("🚀".repeat(100), 100)).isNull();
        assertThat(Names.displayNameProblem("x".repeat(101), 100)).isEqualTo("must be at most 100 characters");
        assertThat(Names.displayNameProblem("   ", 100)).isEqualTo("is required");
        assertThat(Names.displayNameProblem(null, 100)).isEqualTo("is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"static", "api-v2", "img_1.0", "A"})
    void identifier_urlSafeNames_areAccepted(String name) {
        assertThat(Names.isIdentifier(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "my rule", "a/b", "..%2f", "ü", "x\u0000"})
    void identifier_namesNeedingEscapes_areRefused(String name) {
        assertThat(Names.isIdentifier(name)).isFalse();
        assertThat(Names.isIdentifier("x".repeat(65))).isFalse();
    }

    @Test
    void validator_refusesRuleAndServiceNamesByTheSameRules() {
        CacheRule spaced = new CacheRule("my rule/1", RuleMatch.ANY, null, null, false, Map.of(), false, null, null,
                QueryMode.ALL, List.of(), List.of(), List.of(), List.of(), List.of(), false, null, null);
        ServiceConfig config = new ServiceConfig("s1", "t1", "shop\u202E", 1, List.of("a.example.com"),
                List.of(Origin.of("o", "10.0.0.1", 80)), List.of(spaced), null);
        assertThat(ConfigValidator.validate(config)).extracting(Violation::field).contains("name", "rules[0].name");
    }
}

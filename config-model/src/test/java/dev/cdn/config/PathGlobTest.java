package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGlobTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        "/img/*.png,      /img/a.png,        true",
        "/img/*.png,      /img/x/a.png,      false",
        "/img/**.png,     /img/x/y/a.png,    true",
        "/a?c,            /abc,              true",
        "/a?c,            /a/c,              false",
        "utm_*,           utm_source,        true",
        "utm_*,           xutm_source,       false",
        "/v1.0/*,         /v1x0/a,           false",
        "/**,             /anything/at/all,  true",
        "/***.js,         /a/b.js,           true",
        "/*/*.css,        /a/b.css,          true",
        "/*/*.css,        /a/b/c.css,        false",
        "/**/x,           /x,                false",
        "/**/x,           /a//x,             true",
        "*,               '',                true",
        "/a*,             /a,                true",
    })
    void matches_followsSegmentSemantics(String glob, String path, boolean expected) {
        assertThat(PathGlob.compile(glob).matches(path)).isEqualTo(expected);
    }

    /**
     * The glob that made a backtracking matcher take seconds per request: its cost is bounded by (input length + 1)
     * x (tokens + 1) automaton steps, counted rather than timed, so the test cannot pass or fail with machine load.
     */
    @Test
    void catastrophicBacktrackingGlob_matchesInLinearSteps() {
        PathGlob glob = PathGlob.compile("/**a**a**a**a**a**a**a**a!");
        String path = "/" + "a".repeat(49);

        assertThat(glob.matches(path)).isFalse();
        assertThat(glob.matches(path + "!")).isTrue();
        int tokens = 1 + 8 * 2 + 1;
        assertThat(glob.steps(path)).isLessThanOrEqualTo((long) (path.length() + 1) * (tokens + 1));
        // Eight times the input, about eight times the work: linear, where backtracking grows as a power of the
        // length (the ratio allows for the first characters, when fewer positions are active).
        String longer = "/" + "a".repeat(8 * 49);
        assertThat(glob.steps(longer)).isLessThanOrEqualTo((long) (longer.length() + 1) * (tokens + 1));
        assertThat((double) glob.steps(longer) / glob.steps(path)).isLessThan(10.0);
    }

    /** The automaton agrees with the regular-expression reading of the same glob on random globs and paths. */
    @Test
    void matches_agreesWithTheRegexTranslation_onRandomGlobsAndPaths() {
        Random random = new Random(42);
        String globAlphabet = "ab/*?";
        String pathAlphabet = "ab/";
        for (int round = 0; round < 20_000; round++) {
            String glob = randomText(random, globAlphabet, 1 + random.nextInt(7));
            String path = randomText(random, pathAlphabet, random.nextInt(9));
            assertThat(PathGlob.compile(glob).matches(path)).as("%s ~ %s", glob, path)
                    .isEqualTo(regex(glob).matcher(path).matches());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/**a**a**a**a**a**a**a**a!|has 8 wildcards",
        "/*/*/*/*/*/*/*|has 7 wildcards",
    })
    void validation_refusesGlobsWithTooManyWildcards(String glob, String message) {
        assertThat(ConfigValidator.globProblem(glob)).contains(message).contains("at most 6");
    }

    @Test
    void validation_refusesOverlongGlobs_andAcceptsOrdinaryOnes() {
        assertThat(ConfigValidator.globProblem("/" + "a".repeat(300))).contains("at most 256");
        assertThat(ConfigValidator.globProblem("/img/**/*.png")).isNull();
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** The glob semantics as a regex: the reference the automaton is checked against (small inputs only). */
    private static Pattern regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                int run = 1;
                while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    run++;
                }
                regex.append(run == 1 ? "[^/]*" : ".*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}

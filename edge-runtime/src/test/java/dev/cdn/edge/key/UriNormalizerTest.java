package dev.cdn.edge.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocation-free fast path of {@link UriNormalizer#normalizePath} against the full algorithm. */
class UriNormalizerTest {

    /** Every path of up to six characters over an alphabet that reaches each rule of the algorithm. */
    @Test
    void normalizePath_agreesWithTheFullAlgorithm_onEveryShortPath() {
        List<String> failures = new ArrayList<>();
        char[] alphabet = {'/', '.', 'a', '%', '2', 'e'};
        for (int length = 0; length <= 6; length++) {
            int combinations = (int) Math.pow(alphabet.length, length);
            for (int n = 0; n < combinations; n++) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.length) {
                    sb.append(alphabet[rest % alphabet.length]);
                }
                String path = sb.toString();
                String full = UriNormalizer.normalizeSegments(path);
                if (!UriNormalizer.normalizePath(path).equals(full)
                        || UriNormalizer.isNormal(path) && !full.equals(path)) {
                    failures.add(path);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void normalizePath_returnsAnAlreadyNormalPathItself() {
        String path = "/assets/app.min.js/..x/.hidden/";
        assertThat(UriNormalizer.isNormal(path)).isTrue();
        assertThat(UriNormalizer.normalizePath(path)).isSameAs(path);
    }

    @Test
    void isNormal_isFalseForEveryPathTheAlgorithmChanges() {
        for (String path : List.of("", "a", "//a", "/a//b", "/./a", "/a/.", "/a/..", "/../a", "/%41")) {
            assertThat(UriNormalizer.isNormal(path)).as(path).isFalse();
        }
    }
}

package dev.cdn.api.etag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.etag.IfMatch.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IfMatchTest {

    /** RFC 9110 §13.1.1 and the strong comparison of §8.8.3.2, against the current tag "r7". */
    @ParameterizedTest(name = "If-Match: {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL            | ABSENT",
            "*               | MATCHED",
            "' * '           | MATCHED",
            "'\"r7\"'        | MATCHED",
            "'\"r1\", \"r7\"' | MATCHED",
            "'\"r1\",\"r7\"'  | MATCHED",
            "'\"r6\"'        | FAILED",
            "'W/\"r7\"'      | FAILED",
            "'W/\"r7\", \"r8\"' | FAILED",
            "'\"\"'          | FAILED",
            "r7              | MALFORMED",
            "'\"r7'          | MALFORMED",
            "'\"r7\"x'       | MALFORMED",
            "''              | MALFORMED",
            "'*, \"r7\"'     | MALFORMED"})
    void evaluate_followsRfc9110(String header, Outcome expected) {
        assertThat(IfMatch.evaluate(header, "\"r7\"")).isEqualTo(expected);
    }
}

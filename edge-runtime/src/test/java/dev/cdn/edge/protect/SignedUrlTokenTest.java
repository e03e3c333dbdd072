package dev.cdn.edge.protect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignedUrlTokenTest {

    static final String MAC = "RT9U88BBoTEl7--ayAUt0IUV0LCEgVuuxgMae3ma6_Y";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "", "exp=1~kid=k1", "exp=1~kid=k1~hmac=", "exp=x~kid=k1~hmac=" + MAC, "kid=k1~exp=1~hmac=" + MAC,
            "exp=1~kid=k 1~hmac=" + MAC, "exp=1~kid=k1~ip=nope~hmac=" + MAC, "exp=1~kid=k1~path=videos~hmac=" + MAC,
            "exp=1~kid=k1~path=/v/~ip=1.2.3.4~hmac=" + MAC, "exp=1~kid=k1~ip=1.2.3.4~ip=1.2.3.4~hmac=" + MAC,
            "exp=1~kid=k1~extra=1~hmac=" + MAC, "exp=1~kid=k1~hmac=" + MAC + "=", "exp=1~kid=k1~hmac=c2hvcnQ",
            "exp=1234567890123~kid=k1~hmac=" + MAC})
    void parse_outsideTheGrammar_isEmpty(String token) {
        assertThat(SignedUrlToken.parse(token)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exp=1~kid=k1~hmac=" + MAC, "exp=1~kid=k1~ip=2001:db8::1~path=/v/~hmac=" + MAC,
            "exp=1~kid=k1~path=/~hmac=" + MAC})
    void parse_withinTheGrammar_isPresent(String token) {
        assertThat(SignedUrlToken.parse(token)).isPresent();
    }
}

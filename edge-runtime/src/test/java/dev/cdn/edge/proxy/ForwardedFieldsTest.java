package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardedFieldsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "192.0.2.7|demo.localhost|http|for=192.0.2.7;host=demo.localhost;proto=http",
            "2001:db8::1|demo.localhost|https|for=\"[2001:db8::1]\";host=demo.localhost;proto=https",
            "192.0.2.7|demo.localhost:8080|http|for=192.0.2.7;host=\"demo.localhost:8080\";proto=http"})
    void element_quotesWhatIsNotAToken(String ip, String host, String scheme, String expected) {
        assertThat(ForwardedFields.element(ip, host, scheme)).isEqualTo(expected);
    }

    @Test
    void set_atAnEdge_discardsTheClientsChain() {
        HttpHeaders in = new DefaultHttpHeaders().add("X-Forwarded-For", "6.6.6.6").add("Forwarded", "for=6.6.6.6")
                .add("X-Forwarded-Host", "evil.example");
        HttpHeaders out = new DefaultHttpHeaders();
        ForwardedFields.set(in, out, false, "192.0.2.7", "https", "a.example");
        assertThat(out.get("X-Forwarded-For")).isEqualTo("192.0.2.7");
        assertThat(out.get("X-Forwarded-Host")).isEqualTo("a.example");
        assertThat(out.get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(out.get("Forwarded")).isEqualTo("for=192.0.2.7;host=a.example;proto=https");
    }

    @Test
    void set_atAShield_extendsTheEdgesChain() {
        HttpHeaders in = new DefaultHttpHeaders().add("X-Forwarded-For", "192.0.2.7")
                .add("Forwarded", "for=192.0.2.7;host=a.example;proto=https").add("X-Forwarded-Host", "a.example");
        HttpHeaders out = new DefaultHttpHeaders();
        ForwardedFields.set(in, out, true, "198.51.100.1", "https", "a.example");
        assertThat(out.get("X-Forwarded-For")).isEqualTo("192.0.2.7, 198.51.100.1");
        assertThat(out.get("Forwarded"))
                .isEqualTo("for=192.0.2.7;host=a.example;proto=https, for=198.51.100.1;host=a.example;proto=https");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "a=1; b=2|false||null",
            "a=1; b=2|true||a=1; b=2",
            "a=1; b=2|false|b|b=2",
            "a=1; b=2|false|c|null"})
    void fillCookie_carriesOnlyWhatIsKeyed(String cookie, boolean wholeField, String keyCookie, String expected) {
        List<String> keyed = keyCookie == null ? List.of() : List.of(keyCookie);
        assertThat(ForwardedFields.fillCookie(List.of(cookie), wholeField, keyed)).isEqualTo(expected);
    }
}

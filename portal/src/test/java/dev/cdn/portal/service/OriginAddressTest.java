package dev.cdn.portal.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:8090          | false | 127.0.0.1           | 8090
            https://origin.example.com     | true  | origin.example.com  | 443
            http://origin.example.com      | false | origin.example.com  | 80
            HTTPS://Origin.Example.COM:8443/ | true | origin.example.com  | 8443
            origin.example.com             | true  | origin.example.com  | 443
            origin.example.com:443         | true  | origin.example.com  | 443
            origin.example.com:80          | false | origin.example.com  | 80
            http://[2001:db8::1]:8080      | false | 2001:db8::1         | 8080
            """)
    void parse_takesSchemeHostAndPortFromOneAddress(String text, boolean tls, String host, int port) {
        OriginAddress address = OriginAddress.parse(text);

        assertThat(address.problem()).isNull();
        assertThat(address.tls()).isEqualTo(tls);
        assertThat(address.host()).isEqualTo(host);
        assertThat(address.port()).isEqualTo(port);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            127.0.0.1:8090                   | Start the address with http:// or https://, to say whether the origin speaks plain HTTP or HTTPS on port 8090.
            ftp://origin.example.com         | The address must start with http:// or https://.
            https://origin.example.com/app   | An origin address has no path or query
            https://user:pw@origin.example.com | Leave out the user name and password
            http://origin.example.com:99999  | The port must be from 1 to 65535.
            http://under_score.example.com   | 'under_score.example.com' is not a valid host name or IP address.
            http://                          | This is not a web address
            "https://bad host"               | This is not a web address
            """)
    void parse_refusesWhatIsNotAnOriginAddress_sayingWhy(String text, String expectedStart) {
        assertThat(OriginAddress.parse(text).problem()).startsWith(expectedStart);
    }

    @Test
    void parse_ofNothing_asksForTheAddressWithExamples() {
        assertThat(OriginAddress.parse("  ").problem()).contains("https://origin.example.com");
    }

    @Test
    void format_leavesOutTheSchemesDefaultPort_andBracketsIpv6() {
        assertThat(OriginAddress.format(true, "origin.example.com", 443)).isEqualTo("https://origin.example.com");
        assertThat(OriginAddress.format(false, "127.0.0.1", 8090)).isEqualTo("http://127.0.0.1:8090");
        assertThat(OriginAddress.format(false, "2001:db8::1", 80)).isEqualTo("http://[2001:db8::1]");
    }
}

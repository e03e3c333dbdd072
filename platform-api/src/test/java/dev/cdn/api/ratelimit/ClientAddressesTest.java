package dev.cdn.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressesTest {

    private final ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "::1"));

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
            // An untrusted peer is the client, whatever it claims.
            "203.0.113.9 | 198.51.100.1                     | 203.0.113.9",
            // A trusted proxy: the rightmost address it did not add itself.
            "10.1.2.3    | 198.51.100.1                     | 198.51.100.1",
            // Addresses left of the first untrusted hop are the client's own claims: ignored.
            "10.1.2.3    | 1.1.1.1, 198.51.100.1, 10.9.9.9  | 198.51.100.1",
            "::1         | 2001:db8::7                      | 2001:db8:0:0:0:0:0:7",
            // A trusted proxy that forwards nothing, or garbage: the proxy itself.
            "10.1.2.3    | ''                               | 10.1.2.3",
            "10.1.2.3    | not-an-address                   | 10.1.2.3",
    })
    void resolve_believesOnlyTrustedProxies(String peer, String forwarded, String client) throws Exception {
        List<String> header = forwarded.isEmpty() ? List.of() : List.of(forwarded);
        assertThat(addresses.resolve(InetAddress.getByName(peer), header).getHostAddress()).isEqualTo(client);
    }
}

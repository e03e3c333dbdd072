package dev.cdn.api.ssrf;

import dev.cdn.api.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The SSRF policy on origins through the API: only the operator's allow-list reaches a private address, and every
 * spelling of a private, loopback, metadata or translated address is refused with a problem naming the field.
 */
class OriginAddressApiTest extends ApiTestBase {

    static final int ALLOWED_PORT = 8090;

    @DynamicPropertySource
    static void allowList(DynamicPropertyRegistry registry) {
        registry.add("cdn.allowed-private-origins", () -> "127.0.0.1:" + ALLOWED_PORT);
    }

    private String token;

    @BeforeEach
    void signIn() {
        token = signupAndLogin("ssrf-" + System.nanoTime() + "@acme.test");
    }

    private WebTestClient.ResponseSpec createWithOrigin(String host, int port) {
        return web.post().uri("/v1/services").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "s", "domains", List.of("s" + System.nanoTime() + ".localhost"),
                        "origins", List.of(Map.of("host", host, "port", port))))
                .exchange();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1.", "0x7f000001", "0177.0.0.1", "2130706433", "127.1",
            "0.0.0.0", "0", "::1", "::127.0.0.1", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::",
            "169.254.169.254", "0xa9fea9fe", "fd00:ec2::254", "10.0.0.1", "172.16.0.1", "192.168.0.1", "100.64.0.1",
            "fe80::1", "fd12::1", "224.0.0.1", "255.255.255.255", "localhost"})
    void privateOriginInAnySpelling_isRefused_namingTheField(String host) {
        createWithOrigin(host, 9000).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == 'origins[0].host')]").exists();
    }

    @Test
    void allowListedAddressAndPort_isAccepted_inAnySpelling_otherPortsAreNot() {
        createWithOrigin("127.0.0.1", ALLOWED_PORT).expectStatus().isCreated();
        createWithOrigin("2130706433", ALLOWED_PORT).expectStatus().isCreated();
        createWithOrigin("127.0.0.1", ALLOWED_PORT + 1).expectStatus().isBadRequest();
    }

    @Test
    void nameThatDoesNotResolveYet_isAccepted_theEdgeChecksWhereItConnects() {
        createWithOrigin("not-yet-in-dns.invalid", 443).expectStatus().isCreated();
    }
}

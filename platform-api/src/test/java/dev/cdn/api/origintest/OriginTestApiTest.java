package dev.cdn.api.origintest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.ssrf.ClientHelloRecorder;
import dev.cdn.api.ssrf.PlatformOnlyNames;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * "Test origin" fetches the origin as the platform would (under its SSRF rule) and says what happened: status,
 * TLS and timing, or why it failed, in plain words. Real sockets: an HTTP origin on 127.0.0.1 (allow-listed for
 * tests, as {@code ./cdn up} allows its demo origin), reached by address or by a name only the platform resolves.
 */
@Import(PlatformOnlyNames.class)
class OriginTestApiTest extends ApiTestBase {

    private static DisposableServer origin;

    @BeforeAll
    static void startOrigin() {
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/health", (req, res) -> res.sendString(Mono.just("ok")))
                        .get("/broken", (req, res) -> res.status(503).sendString(Mono.just("down"))))
                .bindNow();
    }

    @AfterAll
    static void stopOrigin() {
        origin.disposeNow();
    }

    @Test
    void test_plainHttpOrigin_reportsItsStatusAndTiming() {
        String session = signupAndLogin("ok@origin-test.test");
        Map<?, ?> result = test(session, Map.of("host", "127.0.0.1", "port", origin.port(), "tls", false,
                "path", "/health"));

        assertThat(result.get("outcome")).isEqualTo("OK");
        assertThat(result.get("status")).isEqualTo(200);
        assertThat(result.get("address")).isEqualTo("127.0.0.1");
        assertThat(result.get("tls")).isNull();
        assertThat(((Number) ((Map<?, ?>) result.get("timings")).get("totalMs")).longValue()).isGreaterThanOrEqualTo(0);
        assertThat((String) result.get("message")).startsWith("The origin answered 200");
    }

    @Test
    void test_tlsAgainstAPlainHttpPort_saysTheOriginSpeaksPlainHttp() {
        String session = signupAndLogin("tls@origin-test.test");
        Map<?, ?> result = test(session, Map.of("host", "127.0.0.1", "port", origin.port(), "tls", true));

        assertThat(result.get("outcome")).isEqualTo("NOT_TLS");
        assertThat((String) result.get("message")).contains("plain HTTP").doesNotContain("Exception");
    }

    @Test
    void test_errorStatus_isReachableButSaysTheStatus() {
        String session = signupAndLogin("503@origin-test.test");
        Map<?, ?> result = test(session, Map.of("host", "127.0.0.1", "port", origin.port(), "tls", false,
                "path", "/broken"));

        assertThat(result.get("outcome")).isEqualTo("HTTP_ERROR");
        assertThat(result.get("status")).isEqualTo(503);
    }

    @Test
    void test_nothingListening_saysConnectionRefused() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String session = signupAndLogin("refused@origin-test.test");
        Map<?, ?> result = test(session, Map.of("host", "127.0.0.1", "port", closed, "tls", false));

        assertThat(result.get("outcome")).isEqualTo("CONNECT_REFUSED");
    }

    @Test
    void test_hostHeaderNamingAnotherServer_isOnlySentAsHost_theConnectionGoesToTheCheckedHostAndPort() {
        List<String> checkedHostsSeen = new CopyOnWriteArrayList<>();
        List<String> otherServerPaths = new CopyOnWriteArrayList<>();
        DisposableServer checked = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    checkedHostsSeen.add(req.requestHeaders().get("Host"));
                    return res.sendString(Mono.just("checked"));
                })
                .bindNow();
        DisposableServer other = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    otherServerPaths.add(req.uri());
                    return res.sendString(Mono.just("other"));
                })
                .bindNow();
        try {
            String session = signupAndLogin("host-header@origin-test.test");
            String otherAuthority = "127.0.0.1:" + other.port();
            Map<?, ?> result = test(session, Map.of("host", "127.0.0.1", "port", checked.port(), "tls", false,
                    "hostHeader", otherAuthority, "path", "/where"));

            assertThat(result.get("outcome")).isEqualTo("OK");
            assertThat(result.get("port")).isEqualTo(checked.port());
            assertThat(checkedHostsSeen).containsExactly(otherAuthority);
            assertThat(otherServerPaths).isEmpty();
        } finally {
            checked.disposeNow();
            other.disposeNow();
        }
    }

    @Test
    void test_originByName_isFetchedFromTheAddressTheSsrfCheckSaw_withoutLookingTheNameUpAgain() {
        String session = signupAndLogin("by-name@origin-test.test");
        Map<?, ?> result = test(session, Map.of("host", PlatformOnlyNames.name("origin"), "port", origin.port(),
                "tls", false, "path", "/health"));

        assertThat(result.get("outcome")).isEqualTo("OK");
        assertThat(result.get("address")).isEqualTo("127.0.0.1");
    }

    @Test
    void test_tlsOriginByName_isAskedForThatNameInSni_atTheCheckedAddress() throws Exception {
        String name = PlatformOnlyNames.name("tls-origin");
        try (ClientHelloRecorder tlsOrigin = new ClientHelloRecorder()) {
            String session = signupAndLogin("sni@origin-test.test");
            Map<?, ?> result = test(session, Map.of("host", name, "port", tlsOrigin.port(), "tls", true));

            assertThat(result.get("reachable")).isEqualTo(false);
            assertThat(tlsOrigin.sawServerName(name)).as("ClientHello names " + name).isTrue();
        }
    }

    @Test
    void test_privateAddress_isRefusedUnderTheSsrfRule_withoutConnecting() {
        String session = signupAndLogin("ssrf@origin-test.test");
        call("POST", session, "/v1/origin-tests", null, Map.of("host", "169.254.169.254", "port", 80, "tls", false))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("host")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("only public addresses"));
    }

    @Test
    void test_badInput_namesEveryField() {
        String session = signupAndLogin("bad@origin-test.test");
        call("POST", session, "/v1/origin-tests", null, Map.of("host", "", "port", 70000, "path", "no-slash"))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field=='host')]").exists()
                .jsonPath("$.errors[?(@.field=='port')]").exists()
                .jsonPath("$.errors[?(@.field=='path')]").exists();
    }

    @Test
    void test_byAMember_isForbidden() {
        String owner = signupAndLogin("owner@origin-test.test");
        String member = join(owner, "member@origin-test.test", "member");
        call("POST", member, "/v1/origin-tests", null, Map.of("host", "127.0.0.1", "port", origin.port()))
                .expectStatus().isForbidden();
    }

    private Map<?, ?> test(String session, Map<String, Object> body) {
        return call("POST", session, "/v1/origin-tests", null, body).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }
}

package dev.cdn.portal.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import dev.cdn.portal.FakePlatformApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The feature clients over their shared transport against a real HTTP server: each API answer maps to one result
 * or one exception type.
 */
class PlatformApiTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final FakePlatformApi API = FakePlatformApi.start();
    private static final String PASSWORD = "correct horse battery";

    private final PlatformApiTransport transport = transportFor(API.baseUrl(), Duration.ofSeconds(5));
    private final AccountClient accountClient = new AccountClient(transport);
    private final ServicesClient servicesClient = new ServicesClient(transport);

    @AfterAll
    static void stop() {
        API.close();
    }

    @Test
    void signUp_returnsTenantAndOwner() {
        SignupResult result = accountClient.signUp(new SignupRequest("Acme", "owner@acme.test", PASSWORD)).block(WAIT);

        assertThat(result.tenant().name()).isEqualTo("Acme");
        assertThat(result.user().email()).isEqualTo("owner@acme.test");
        assertThat(result.user().role()).isEqualTo("owner");
    }

    @Test
    void signUp_withInvalidFields_throwsProblemNamingTheFields() {
        assertThatThrownBy(() -> accountClient.signUp(new SignupRequest("", "nope", "short")).block(WAIT))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.problem().errors()).extracting(ApiFieldError::field)
                            .containsExactly("tenantName", "email", "password");
                });
    }

    @Test
    void signUp_withTakenEmail_throwsConflict() {
        API.register("First", "taken@acme.test", PASSWORD);

        SignupRequest again = new SignupRequest("Second", "taken@acme.test", PASSWORD);

        assertThatThrownBy(() -> accountClient.signUp(again).block(WAIT))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void createSession_thenListServices_thenDelete_roundTrips() {
        API.register("Acme", "round@acme.test", PASSWORD);
        API.addService("round@acme.test", "www", List.of("www.acme.test"), 1, 1);

        ApiSession session = accountClient.createSession("round@acme.test", PASSWORD).block(WAIT);
        List<ServiceSummary> services = servicesClient.listServices(session.token()).block(WAIT);
        accountClient.deleteSession(session.token()).block(WAIT);

        assertThat(session.token()).startsWith("cdn_s_");
        assertThat(session.expiresAt()).isNotNull();
        assertThat(session.tenant().name()).isEqualTo("Acme");
        assertThat(services).extracting(ServiceSummary::name).containsExactly("www");
        assertThat(API.activeSessionsOf("round@acme.test")).isZero();
        assertThat(session.toString()).doesNotContain(session.token());
    }

    @Test
    void createSession_withWrongPassword_throwsUnauthorized() {
        API.register("Acme", "wrong@acme.test", PASSWORD);

        assertThatThrownBy(() -> accountClient.createSession("wrong@acme.test", "nope").block(WAIT))
                .isInstanceOf(ApiUnauthorizedException.class);
    }

    @Test
    void listServices_withExpiredToken_throwsUnauthorized() {
        assertThatThrownBy(() -> servicesClient.listServices("cdn_s_expired").block(WAIT))
                .isInstanceOf(ApiUnauthorizedException.class);
    }

    @Test
    void serverError_throwsUnavailable() {
        API.setOutage(true);
        try {
            assertThatThrownBy(() -> servicesClient.listServices("cdn_s_any").block(WAIT))
                    .isInstanceOf(ApiUnavailableException.class);
        } finally {
            API.setOutage(false);
        }
    }

    @Test
    void unreachableApi_throwsUnavailable() {
        DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0).bindNow();
        String deadUrl = "http://127.0.0.1:" + closed.port();
        closed.disposeNow();

        AccountClient unreachable = new AccountClient(transportFor(deadUrl, Duration.ofSeconds(2)));

        assertThatThrownBy(() -> unreachable.createSession("a@b.c", "x").block(WAIT))
                .isInstanceOf(ApiUnavailableException.class);
    }

    @Test
    void slowApi_throwsUnavailableAfterResponseTimeout() {
        DisposableServer silent = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> Mono.never())
                .bindNow();
        try {
            ServicesClient impatient = new ServicesClient(
                    transportFor("http://127.0.0.1:" + silent.port(), Duration.ofMillis(300)));

            assertThatThrownBy(() -> impatient.listServices("cdn_s_any").block(WAIT))
                    .isInstanceOf(ApiUnavailableException.class);
        } finally {
            silent.disposeNow();
        }
    }

    @Test
    void originHealth_readsTheReportOfEachOrigin() {
        String json = """
                {"serviceId":"s1","version":3,"origins":[
                 {"name":"web","pool":"default","status":"degraded","healthy":1,"unhealthy":1,"unknown":0,
                  "lastCheckedAt":"2026-11-29T10:04:05Z","lastError":"connection refused",
                  "lastErrorAt":"2026-11-29T10:04:00Z","edges":[
                   {"nodeId":"edge-1","role":"edge","status":"healthy","since":"2026-11-29T09:00:00Z",
                    "checkedAt":"2026-11-29T10:04:05Z","lastError":null,"lastErrorAt":null,
                    "reportedAt":"2026-11-29T10:04:06Z"}]}]}""";
        DisposableServer api = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/v1/services/s1/origins/health", (request, response) -> response
                        .header("Content-Type", "application/json").sendString(Mono.just(json))))
                .bindNow();
        try {
            OriginHealthReport report = new OriginsClient(transportFor("http://127.0.0.1:" + api.port(), Duration.ofSeconds(5)))
                    .originHealth("cdn_s_any", "s1").block(WAIT);

            assertThat(report.version()).isEqualTo(3);
            OriginHealthReport.OriginState web = report.of("web");
            assertThat(web.status()).isEqualTo("degraded");
            assertThat(web.summary()).isEqualTo("1 of 2 nodes healthy");
            assertThat(web.lastCheckedAt()).isEqualTo(java.time.Instant.parse("2026-11-29T10:04:05Z"));
            assertThat(web.edges()).singleElement().satisfies(e -> assertThat(e.nodeId()).isEqualTo("edge-1"));
            assertThat(report.of("new-origin").status()).isEqualTo("unknown");
        } finally {
            api.disposeNow();
        }
    }

    @Test
    void clientErrorWithoutProblemBody_stillThrowsProblemWithStatus() {
        DisposableServer proxy = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.status(400).header("Content-Type", "text/html")
                        .sendString(Mono.just("<h1>Bad Request</h1>")))
                .bindNow();
        try {
            AccountClient viaProxy = new AccountClient(
                    transportFor("http://127.0.0.1:" + proxy.port(), Duration.ofSeconds(5)));

            assertThatThrownBy(() -> viaProxy.signUp(new SignupRequest("Acme", "a@b.c", PASSWORD)).block(WAIT))
                    .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.problem().errors()).isEmpty();
                    });
        } finally {
            proxy.disposeNow();
        }
    }

    private static PlatformApiTransport transportFor(String baseUrl, Duration responseTimeout) {
        return new PlatformApiTransport(new PlatformApiProperties(URI.create(baseUrl), Duration.ofSeconds(2), responseTimeout));
    }
}

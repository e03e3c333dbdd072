package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * API tokens managed with other tokens: a token limited to services sees and revokes only tokens within them, and
 * no token makes one that outlives it.
 */
class TokenApiTest extends ApiTestBase {

    @Test
    void serviceLimitedToken_listsOnlyTokensWithinItsServices() {
        String owner = signupAndLogin("owner@list.tokens.test");
        String mine = createService(owner, "mine.list.tokens.test", 8081);
        String other = createService(owner, "other.list.tokens.test", 8081);
        String limited = (String) token(owner, "limited", List.of("tokens", "config:read"), List.of(mine)).get("token");
        token(owner, "within", List.of("config:read"), List.of(mine));
        token(owner, "wider", List.of("config:read"), List.of(mine, other));
        token(owner, "elsewhere", List.of("config:read"), List.of(other));
        token(owner, "everything", List.of("config:read"), List.of());

        assertThat(names(limited)).containsExactlyInAnyOrder("limited", "within");
        assertThat(names(owner)).containsExactlyInAnyOrder("limited", "within", "wider", "elsewhere", "everything");
    }

    @Test
    void serviceLimitedToken_revokingATokenBeyondItsServices_isNotFound_andTheTokenKeepsWorking() {
        String owner = signupAndLogin("owner@revoke.tokens.test");
        String mine = createService(owner, "mine.revoke.tokens.test", 8081);
        String other = createService(owner, "other.revoke.tokens.test", 8081);
        String limited = (String) token(owner, "limited", List.of("tokens"), List.of(mine)).get("token");
        Map<?, ?> everything = token(owner, "everything", List.of("config:read"), List.of());
        Map<?, ?> wider = token(owner, "wider", List.of("config:read"), List.of(mine, other));
        Map<?, ?> within = token(owner, "within", List.of("config:read"), List.of(mine));

        for (Map<?, ?> beyond : List.of(everything, wider)) {
            call("DELETE", limited, "/v1/tokens/" + beyond.get("id"), null, null).expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            call("GET", (String) beyond.get("token"), "/v1/services", null, null).expectStatus().isOk();
        }
        call("DELETE", limited, "/v1/tokens/" + within.get("id"), null, null).expectStatus().isNoContent();
        call("GET", (String) within.get("token"), "/v1/services", null, null).expectStatus().isUnauthorized();
    }

    @Test
    void serviceLimitedToken_cannotCreateATokenForMoreServicesOrForAll() {
        String owner = signupAndLogin("owner@create.tokens.test");
        String mine = createService(owner, "mine.create.tokens.test", 8081);
        String other = createService(owner, "other.create.tokens.test", 8081);
        String limited = (String) token(owner, "limited", List.of("tokens", "config:read"), List.of(mine)).get("token");

        for (List<String> services : List.of(List.<String>of(), List.of(mine, other), List.of(other))) {
            call("POST", limited, "/v1/tokens", null, Map.of("name", "broader", "scopes", List.of("config:read"),
                    "services", services))
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("services");
        }
        assertThat(names(owner)).containsExactly("limited");
    }

    @Test
    void expiringToken_makesTokensThatExpireNoLaterThanItself() {
        String owner = signupAndLogin("owner@expiry.tokens.test");
        Instant parentExpiry = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        String parent = (String) token(owner, "parent", List.of("tokens", "config:read"), List.of(), parentExpiry)
                .get("token");

        Map<?, ?> forever = token(parent, "forever", List.of("config:read"), List.of(), null);
        Map<?, ?> later = token(parent, "later", List.of("config:read"), List.of(), parentExpiry.plus(Duration.ofDays(30)));
        Instant sooner = parentExpiry.minus(Duration.ofHours(1));
        Map<?, ?> earlier = token(parent, "earlier", List.of("config:read"), List.of(), sooner);

        assertThat(expiresAt(forever)).isEqualTo(parentExpiry);
        assertThat(expiresAt(later)).isEqualTo(parentExpiry);
        assertThat(expiresAt(earlier)).isEqualTo(sooner);
        assertThat(expiries(owner)).containsEntry("forever", parentExpiry).containsEntry("later", parentExpiry)
                .containsEntry("earlier", sooner);
    }

    @Test
    void session_makesTokensWithTheExpiryAsked_orNone() {
        String owner = signupAndLogin("owner@session-expiry.tokens.test");
        Instant inAYear = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);

        assertThat(expiresAt(token(owner, "forever", List.of("config:read"), List.of(), null))).isNull();
        assertThat(expiresAt(token(owner, "in a year", List.of("config:read"), List.of(), inAYear))).isEqualTo(inAYear);
    }

    private Map<?, ?> token(String credential, String name, List<String> scopes, List<String> services) {
        return token(credential, name, scopes, services, null);
    }

    private Map<?, ?> token(String credential, String name, List<String> scopes, List<String> services,
                            Instant expiresAt) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "scopes", scopes, "services", services));
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        return call("POST", credential, "/v1/tokens", null, body)
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    private static Instant expiresAt(Map<?, ?> token) {
        return token.get("expiresAt") == null ? null : Instant.parse((String) token.get("expiresAt"));
    }

    /** Each token's expiry by name, as the list shows it. */
    private Map<String, Instant> expiries(String credential) {
        List<?> items = (List<?>) call("GET", credential, "/v1/tokens", null, null).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("items");
        Map<String, Instant> byName = new HashMap<>();
        for (Object item : items) {
            byName.put((String) ((Map<?, ?>) item).get("name"), expiresAt((Map<?, ?>) item));
        }
        return byName;
    }

    private List<String> names(String credential) {
        List<?> items = (List<?>) call("GET", credential, "/v1/tokens", null, null).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("items");
        return items.stream().map(i -> (String) ((Map<?, ?>) i).get("name")).toList();
    }
}

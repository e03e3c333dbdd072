package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Scopes, roles and service limits hold on the team and audit endpoints, and follow the user's current role. */
class AuthorizationApiTest extends ApiTestBase {

    @Test
    void readOnlyToken_cannotInviteAnAdmin() {
        String owner = signupAndLogin("owner@readonly.test");
        String analytics = createToken(owner, List.of("analytics:read"), List.of());
        web.post().uri("/v1/invitations").headers(h -> h.setBearerAuth(analytics))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "evil@readonly.test", "role", "admin"))
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/v1/invitations").headers(h -> h.setBearerAuth(owner)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void serviceLimitedToken_cannotInviteChangeRolesOrRemoveUsers() {
        String owner = signupAndLogin("owner@limited.test");
        String service = createService(owner, "limited.example.com", 8081);
        String member = join(owner, "member@limited.test", "member");
        String memberId = userId(member);
        String limited = createToken(owner, List.of("config:read", "config:write", "purge", "purge:all",
                "analytics:read", "tokens", "team"), List.of(service));

        web.post().uri("/v1/invitations").headers(h -> h.setBearerAuth(limited))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "evil@limited.test", "role", "admin"))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("limited to some services"));
        web.patch().uri("/v1/users/" + memberId).headers(h -> h.setBearerAuth(limited))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("role", "owner"))
                .exchange().expectStatus().isForbidden();
        web.delete().uri("/v1/users/" + memberId).headers(h -> h.setBearerAuth(limited))
                .exchange().expectStatus().isForbidden();

        web.get().uri("/v1/users").headers(h -> h.setBearerAuth(owner)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.id == '" + memberId + "')].role").isEqualTo("member");
    }

    @Test
    void readOnlyToken_cannotChangeRolesOrRemoveUsers() {
        String owner = signupAndLogin("owner@roles.test");
        String member = join(owner, "member@roles.test", "member");
        String memberId = userId(member);
        String reader = createToken(owner, List.of("config:read", "analytics:read"), List.of());
        web.patch().uri("/v1/users/" + memberId).headers(h -> h.setBearerAuth(reader))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("role", "owner"))
                .exchange().expectStatus().isForbidden();
        web.delete().uri("/v1/users/" + memberId).headers(h -> h.setBearerAuth(reader))
                .exchange().expectStatus().isForbidden();
        web.get().uri("/v1/me").headers(h -> h.setBearerAuth(member)).exchange().expectStatus().isOk();
    }

    @Test
    void demotedAdmin_tokensLoseWriteAccessOnTheNextRequest() {
        String owner = signupAndLogin("owner@demote.test");
        String admin = join(owner, "admin@demote.test", "admin");
        String adminToken = createToken(admin, List.of("config:read", "config:write"), List.of());
        createService(adminToken, "before.demote.test", 8081);

        web.patch().uri("/v1/users/" + userId(admin)).headers(h -> h.setBearerAuth(owner))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("role", "member"))
                .exchange().expectStatus().isOk();

        web.post().uri("/v1/services").headers(h -> h.setBearerAuth(adminToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "after", "domains", List.of("after.demote.test"),
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", 8081))))
                .exchange().expectStatus().isForbidden();
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(adminToken)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1);
    }

    @Test
    void serviceLimitedToken_readsOnlyItsServicesAuditEntries() {
        String owner = signupAndLogin("owner@audit.test");
        String mine = createService(owner, "mine.audit.test", 8081);
        String other = createService(owner, "other.audit.test", 8081);
        join(owner, "someone@audit.test", "member");
        String limited = createToken(owner, List.of("config:read"), List.of(mine));

        Map<?, ?> page = web.get().uri("/v1/audit").headers(h -> h.setBearerAuth(limited)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<?> items = (List<?>) page.get("items");
        assertThat(items).isNotEmpty();
        assertThat(items).allSatisfy(item -> assertThat((String) ((Map<?, ?>) item).get("targetId")).startsWith(mine));
        assertThat(page.toString()).doesNotContain(other).doesNotContain("someone@audit.test");
    }
}

package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit log filtered by who, by which service, and by time, every filter checked before any query. */
class AuditFilterApiTest extends ApiTestBase {

    @Test
    void audit_filteredByActorServiceAndTime_answersOnlyThoseEntries() {
        String owner = signupAndLogin("owner@audit-filter.test");
        String admin = join(owner, "admin@audit-filter.test", "admin");
        String shop = createService(owner, "shop.audit-filter.localhost", 9);
        String blog = createService(admin, "blog.audit-filter.localhost", 9);
        String ownerActor = "user:" + userId(owner);

        List<Map<?, ?>> byOwner = items(owner, "/v1/audit?actor=" + ownerActor);
        assertThat(byOwner).isNotEmpty().allSatisfy(e -> assertThat(e.get("actor")).isEqualTo(ownerActor));

        List<Map<?, ?>> aboutBlog = items(owner, "/v1/audit?service=" + blog);
        assertThat(aboutBlog).isNotEmpty().allSatisfy(e -> assertThat((String) e.get("targetId")).startsWith(blog));
        assertThat(aboutBlog).noneSatisfy(e -> assertThat((String) e.get("targetId")).startsWith(shop));

        assertThat(items(owner, "/v1/audit?to=2000-01-01T00:00:00Z")).isEmpty();
        assertThat(items(owner, "/v1/audit?from=" + Instant.now().minusSeconds(3600))).isNotEmpty();
    }

    @Test
    void audit_badFilters_areRefusedNamingEachField() {
        String owner = signupAndLogin("bad@audit-filter.test");
        call("GET", owner, "/v1/audit?from=yesterday&to=soon&service=not-a-uuid", null, null)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field=='from')]").exists()
                .jsonPath("$.errors[?(@.field=='to')]").exists()
                .jsonPath("$.errors[?(@.field=='service')]").exists();
    }

    private List<Map<?, ?>> items(String token, String uri) {
        Map<?, ?> page = call("GET", token, uri, null, null).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<?, ?>> items = (List<Map<?, ?>>) page.get("items");
        return items;
    }
}

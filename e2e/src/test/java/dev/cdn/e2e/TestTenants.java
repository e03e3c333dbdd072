package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * The API calls most end-to-end scenarios start from, through the public API as a customer makes them: a tenant
 * signed up with its owner logged in, and a service with one origin whose version 1 is active.
 */
final class TestTenants {

    /** Every test owner's password: long enough for the API's rule. */
    static final String PASSWORD = "a long enough password";

    private TestTenants() {
    }

    /** Signs up a tenant named after its owner {@code email} and logs the owner in; answers the session token. */
    static String signUp(Http http, String email) {
        return signUp(http, email, email);
    }

    /** Signs up tenant {@code tenantName} owned by {@code email} and logs the owner in; answers the session token. */
    static String signUp(Http http, String tenantName, String email) {
        Http.Response signedUp = http.post("/v1/signup", null, Map.of("tenantName", tenantName, "email", email,
                "password", PASSWORD));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        Http.Response session = http.post("/v1/sessions", null, Map.of("email", email, "password", PASSWORD));
        assertThat(session.status()).as(session.body()).isEqualTo(201);
        return session.json().get("token").asString();
    }

    /**
     * Creates service {@code name} on {@code domains} with one origin, {@code web} at 127.0.0.1:{@code originPort},
     * and activates its version 1; answers the service's id. Nodes learn of it through the control channel: the
     * caller waits for the ones it uses.
     */
    static String activeService(Http http, String token, String name, List<String> domains, int originPort) {
        Http.Response created = http.post("/v1/services", token, Map.of("name", name, "domains", domains,
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", originPort))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Http.Response activated = http.post("/v1/services/" + id + "/versions/1/activate", token, null);
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        return id;
    }
}

package dev.cdn.devtools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates the demo tenant, user, API token and service through the public API, exactly as a script of a
 * tenant would, and activates the service. Safe to run again: existing demo objects are reused.
 */
final class DemoSeeder {

    static final String EMAIL = "demo@example.com";
    static final String PASSWORD = "demo-password";

    private static final JsonMapper JSON = JsonMapper.shared();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;

    private DemoSeeder(String api) {
        this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    }

    static void run(Flags flags) throws Exception {
        new DemoSeeder(flags.require("api")).seed(flags.require("domain"), flags.port("origin-port"));
    }

    private void seed(String domain, int originPort) throws Exception {
        JsonNode signup = call("POST", "/v1/signup", null,
                Map.of("tenantName", "Demo", "email", EMAIL, "password", PASSWORD), 201, 409);
        JsonNode session = call("POST", "/v1/sessions", null, Map.of("email", EMAIL, "password", PASSWORD), 201);
        String sessionToken = session.get("token").asString();
        JsonNode token = call("POST", "/v1/tokens", sessionToken, Map.of("name", "demo " + Instant.now(),
                "scopes", List.of("config:read", "config:write", "purge", "purge:all", "analytics:read", "tokens")), 201);

        String serviceId = null;
        boolean active = false;
        for (JsonNode s : call("GET", "/v1/services", sessionToken, null, 200).get("items")) {
            for (JsonNode d : s.get("domains")) {
                if (d.asString().equals(domain)) {
                    serviceId = s.get("id").asString();
                    active = !s.get("activeVersion").isNull();
                }
            }
        }
        if (serviceId == null) {
            JsonNode created = call("POST", "/v1/services", sessionToken, Map.of("name", "demo",
                    "domains", List.of(domain),
                    "origins", List.of(Map.of("name", "demo-origin", "host", "127.0.0.1", "port", originPort))), 201);
            serviceId = created.get("id").asString();
        }
        if (!active) {
            call("POST", "/v1/services/" + serviceId + "/versions/1/activate", sessionToken, null, 200);
        }
        System.out.println("tenant=" + (signup.has("tenant") ? signup.get("tenant").get("id").asString() : "existing"));
        System.out.println("login=" + EMAIL);
        System.out.println("password=" + PASSWORD);
        System.out.println("token=" + token.get("token").asString());
        System.out.println("service=" + serviceId);
    }

    private JsonNode call(String method, String path, String bearer, Object body, int... expected) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (bearer != null) {
            req.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            req.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        for (int status : expected) {
            if (res.statusCode() == status) {
                return res.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(res.body());
            }
        }
        throw new IllegalStateException(method + " " + path + " answered " + res.statusCode() + ": " + res.body());
    }
}

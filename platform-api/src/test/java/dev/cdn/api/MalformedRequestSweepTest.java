package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks every route of the OpenAPI document with malformed requests (ids that are not ids, bodies that are not
 * JSON, bodies with null elements) and checks that each answer is a 4xx RFC 9457 problem body, and that every 400
 * names the offending field or parameter. A new route is covered as soon as it is documented.
 */
class MalformedRequestSweepTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    /** One documented operation; {@code typedQuery} lists its query parameters that are not free text. */
    record Route(HttpMethod method, String path, boolean hasBody, List<String> typedQuery) {
    }

    @Test
    void everyRoute_answersMalformedRequestsWithANamedProblem() {
        String token = signupAndLogin("sweep@acme.test");
        String serviceId = createService(token, "sweep.example.com", 8081);
        List<Route> routes = routes();
        assertThat(routes).hasSizeGreaterThan(30);
        List<String> failures = new ArrayList<>();
        for (Route route : routes) {
            if (route.path().contains("{")) {
                // Every path parameter malformed at once.
                check(route, fill(route.path(), "not-an-id%00"), null, token, failures);
            }
            for (String param : route.typedQuery()) {
                check(route, fill(route.path(), null).replace("{id}", serviceId) + "?" + param + "=not-a-value",
                        route.hasBody() ? "{}" : null, token, failures);
            }
            if (route.hasBody()) {
                String path = fill(route.path(), null).replace("{id}", serviceId);
                check(route, path, "{\"name\": ", token, failures);
                check(route, path, "{\"name\": \"x\\u0000\"}", token, failures);
                check(route, path, "[null]", token, failures);
            }
        }
        // What no route handles: an unknown path, a method a path does not take, a body that is not JSON.
        check(new Route(HttpMethod.GET, "/v1/no-such-thing", false, List.of()), "/v1/no-such-thing", null, token,
                failures);
        check(new Route(HttpMethod.PATCH, "/v1/services", true, List.of()), "/v1/services", "{}", token, failures);
        check(new Route(HttpMethod.POST, "/v1/services", true, List.of()), "/v1/services", "name=x", token, failures,
                "application/x-www-form-urlencoded");
        assertThat(failures).isEmpty();
    }

    private void check(Route route, String path, String body, String token, List<String> failures) {
        check(route, path, body, token, failures, "application/json");
    }

    private void check(Route route, String path, String body, String token, List<String> failures, String contentType) {
        // Raw requests over a socket: a client library would re-encode or refuse some of these paths.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .method(route.method().name(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        String what = route.method() + " " + path + (body == null ? "" : " " + body) + " -> " + response.statusCode();
        int status = response.statusCode();
        if (status < 400 || status >= 500) {
            failures.add(what + ": not a 4xx: " + response.body());
            return;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
            failures.add(what + ": not problem+json: '" + type + "'");
            return;
        }
        JsonNode problem = JSON.readTree(response.body());
        if (problem.path("status").asInt() != status) {
            failures.add(what + ": problem status differs: " + response.body());
        }
        if (status == 400 && (problem.path("errors").isEmpty()
                || problem.path("errors").get(0).path("field").asString("").isBlank())) {
            failures.add(what + ": 400 without a named field: " + response.body());
        }
    }

    /** Path with every {param} replaced by {@code value}, or by a well-formed value when {@code value} is null. */
    private static String fill(String template, String value) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        while (m.find()) {
            String param = m.group(1);
            String replacement = value != null ? value
                    : param.equals("number") || param.equals("other") ? "1"
                    : param.equals("id") ? "{id}" : param.equals("name") || param.equals("secret") ? "x"
                    : UUID.randomUUID().toString();
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private List<Route> routes() {
        // The document is built on first request (it scans every controller): far slower than a call on a busy machine.
        String doc = web.mutate().responseTimeout(java.time.Duration.ofSeconds(60)).build()
                .get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : JSON.readTree(doc).path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                List<String> typedQuery = new ArrayList<>();
                for (JsonNode param : op.getValue().path("parameters")) {
                    JsonNode schema = param.path("schema");
                    if (param.path("in").asString("").equals("query") && (!schema.path("type").asString("").equals("string")
                            || schema.has("format"))) {
                        typedQuery.add(param.path("name").asString());
                    }
                }
                routes.add(new Route(HttpMethod.valueOf(op.getKey().toUpperCase(java.util.Locale.ROOT)), path.getKey(),
                        op.getValue().has("requestBody"), typedQuery));
            }
        }
        return routes;
    }
}

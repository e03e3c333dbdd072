package dev.cdn.portal.service;

import java.util.HashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebSession;

import dev.cdn.config.Origin;
import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.OriginTest;
import dev.cdn.portal.api.OriginsClient;
import dev.cdn.portal.api.VersionsClient;

/**
 * "Test origin" on each origin row of the service page: the platform fetches that origin once as an edge would (its
 * address, Host header and health-check path, under the SSRF rule) and the browser is sent back to the page with a
 * 303 (post/redirect/get), so a reload tests nothing again. The outcome travels in the server-side session and is
 * removed as the page shows it, beside its row ({@link #takeResults}).
 */
@Controller
class OriginRowTestController {

    private static final String RESULTS = "portal.origin-tests.";

    private final VersionsClient versionsApi;
    private final OriginsClient originsApi;

    OriginRowTestController(VersionsClient versionsApi, OriginsClient originsApi) {
        this.versionsApi = versionsApi;
        this.originsApi = originsApi;
    }

    @PostMapping("/services/{id}/versions/{number}/origins/{name}/test")
    Mono<Rendering> test(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @PathVariable String name, WebSession session) {
        return versionsApi.getVersion(user.apiToken(), id, number)
                .map(version -> version.config().origins().stream().filter(o -> o.name().equals(name)).findFirst()
                        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no origin " + name)))
                .flatMap(origin -> originsApi.testOrigin(user.apiToken(), request(origin))
                        .onErrorResume(ApiProblemException.class, e -> e.status() == 400
                                ? Mono.just(refused(origin, e)) : Mono.error(e)))
                .map(result -> {
                    results(session, id).put(name, result);
                    return Rendering.redirectTo("/services/" + id + "#origin-" + name).status(HttpStatus.SEE_OTHER)
                            .build();
                });
    }

    /** The outcomes of this service's origin tests not shown yet, by origin name; they are removed from the session. */
    @SuppressWarnings("unchecked")
    static Map<String, OriginTest> takeResults(WebSession session, String serviceId) {
        Object results = session.getAttributes().remove(RESULTS + serviceId);
        return results == null ? Map.of() : (Map<String, OriginTest>) results;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, OriginTest> results(WebSession session, String serviceId) {
        return (Map<String, OriginTest>) session.getAttributes()
                .computeIfAbsent(RESULTS + serviceId, k -> new HashMap<String, OriginTest>());
    }

    private static OriginTest.Request request(Origin o) {
        return new OriginTest.Request(o.host(), o.port(), o.tls(), o.hostHeader(), o.healthCheckPath());
    }

    /** The platform would not fetch it (its SSRF rule, a bad path): said in its words, as a failed test. */
    private static OriginTest refused(Origin origin, ApiProblemException e) {
        String why = e.problem().errors().isEmpty() ? e.problem().detail() : e.problem().errors().get(0).message();
        return new OriginTest("REFUSED", false, null, null, origin.port(), null, null,
                "The platform will not fetch this origin: " + why + ".");
    }
}

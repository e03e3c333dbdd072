package dev.cdn.portal.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.LiveTrafficClient;
import dev.cdn.portal.api.ServicesClient;

/**
 * Live logs: a page with the API's filters, and the stream itself passed through from the API for the page's
 * script (the browser never holds the API token). The API bounds the stream (rate cap, buffer) and says so in it.
 */
@Controller
class LiveLogController {

    /** The API's filters, in the order the form shows them. */
    static final List<String> FILTERS = List.of("status", "cache", "path", "client", "rate");

    private final ServicesClient servicesApi;
    private final LiveTrafficClient trafficApi;

    LiveLogController(ServicesClient servicesApi, LiveTrafficClient trafficApi) {
        this.servicesApi = servicesApi;
        this.trafficApi = trafficApi;
    }

    @GetMapping("/services/{id}/logs")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @RequestParam Map<String, String> query) {
        Map<String, String> filters = filters(query);
        return servicesApi.getService(user.apiToken(), id).map(service -> Rendering.view("logs/live")
                .modelAttribute("service", service)
                .modelAttribute("filters", filters)
                .build());
    }

    @GetMapping("/services/{id}/logs/stream")
    Mono<Void> stream(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @RequestParam Map<String, String> query, ServerHttpResponse response) {
        response.getHeaders().setContentType(MediaType.parseMediaType("application/x-ndjson"));
        response.getHeaders().setCacheControl("no-store");
        Flux<DataBuffer> body = trafficApi.liveLogs(user.apiToken(), id, filters(query));
        return response.writeAndFlushWith(body.map(Mono::just));
    }

    /** The filters the user filled in, and nothing else from the query. */
    static Map<String, String> filters(Map<String, String> query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String value = query.get(name);
            if (value != null && !value.isBlank()) {
                out.put(name, value.strip());
            }
        }
        return out;
    }
}

package dev.cdn.portal.api;

import java.util.HashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's audit log, page by page, newest first. */
@Component
public class AuditClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    AuditClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    /** {@code GET /v1/audit}: newest first; {@code before} is the {@code next} of the previous page, or null. */
    public Mono<AuditPage> audit(String token, int limit, Long before) {
        return audit(token, limit, before, AuditPage.Filter.NONE);
    }

    /** {@code GET /v1/audit} with filters (each null for "any"): actor, service, time range. */
    public Mono<AuditPage> audit(String token, int limit, Long before, AuditPage.Filter filter) {
        return api.call("GET /v1/audit", token, http.get().uri(b -> {
            b.path("/v1/audit").queryParam("limit", limit);
            if (before != null) {
                b.queryParam("before", before);
            }
            if (filter.actor() != null) {
                b.queryParam("actor", "{actor}");
            }
            if (filter.service() != null) {
                b.queryParam("service", "{service}");
            }
            if (filter.from() != null) {
                b.queryParam("from", filter.from().toString());
            }
            if (filter.to() != null) {
                b.queryParam("to", filter.to().toString());
            }
            // Typed values go in as URI variables, so they are encoded, never read as query syntax.
            Map<String, Object> values = new HashMap<>();
            values.put("actor", filter.actor());
            values.put("service", filter.service());
            return b.build(values);
        }), AuditPage.class);
    }
}

package dev.cdn.api.logs;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A service's access records, live, as NDJSON (docs/observability.md, "Real-time logs"). */
@RestController
class LiveLogController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final LiveLogHub hub;
    private final DatabaseClient db;
    private final int maxRate;
    private final Duration statusEvery;
    private final dev.cdn.api.publish.StreamsEndAtShutdown shutdown;

    LiveLogController(LiveLogHub hub, DatabaseClient db, dev.cdn.api.publish.StreamsEndAtShutdown shutdown,
                      @Value("${cdn.logs.stream.max-rate:1000}") int maxRate,
                      @Value("${cdn.logs.stream.status-every:1s}") Duration statusEvery) {
        this.hub = hub;
        this.db = db;
        this.maxRate = maxRate;
        this.statusEvery = statusEvery;
        this.shutdown = shutdown;
    }

    @Operation(summary = "Stream a service's access records live (NDJSON)", description = """
            One JSON record per line, as edges report them, until the client disconnects. Lines of the form
            {"stream":{...}} say what is streamed (first line) and, whenever records were capped or dropped, the
            counts since the stream opened: 'capped' records exceeded 'rate' per second, 'dropped' ones found the
            stream's buffer full because the client read too slowly.""")
    @GetMapping(path = "/v1/services/{id}/logs/live", produces = "application/x-ndjson")
    Mono<Void> live(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                    @Parameter(description = "status classes or codes, comma-separated: 5xx,404")
                    @RequestParam(required = false) String status,
                    @Parameter(description = "cache statuses, comma-separated: MISS,EXPIRED")
                    @RequestParam(required = false) String cache,
                    @Parameter(description = "a path prefix: /images/")
                    @RequestParam(required = false) String path,
                    @Parameter(description = "a client address or CIDR block: 203.0.113.0/24")
                    @RequestParam(required = false) String client,
                    @Parameter(description = "the most records per second the stream sends (1 to the server's cap, 1000 unless configured); default 100")
                    @RequestParam(required = false) Integer rate,
                    ServerHttpResponse response) {
        caller.requireService(id);
        LogFilter filter = LogFilter.parse(status, cache, path, client);
        int perSecond = rate == null ? Math.min(100, maxRate) : rate;
        new Validation().require(perSecond >= 1 && perSecond <= maxRate, "rate",
                "must be between 1 and " + maxRate + " records per second").throwIfInvalid();
        return db.sql("SELECT 1 FROM services WHERE id = :id AND tenant_id = :tenant AND deleted_at IS NULL")
                .bind("id", id).bind("tenant", caller.tenantId()).map((row, meta) -> 1).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + id)))
                .flatMap(found -> {
                    LiveStream stream = hub.open(caller.tenantId(), id.toString(), filter, perSecond);
                    response.getHeaders().setContentType(NDJSON);
                    response.getHeaders().setCacheControl("no-store");
                    // A replica shutting down ends its streams, so its graceful shutdown is not held by them.
                    return response.writeAndFlushWith(stream.lines(statusEvery, Duration.ofSeconds(15))
                                    .takeUntilOther(shutdown.closing())
                                    .map(line -> Mono.just(response.bufferFactory().wrap(
                                            line.getBytes(java.nio.charset.StandardCharsets.UTF_8)))))
                            .doFinally(signal -> hub.close(stream));
                });
    }
}

package dev.cdn.api.publish;

import dev.cdn.api.error.Validation;
import dev.cdn.api.security.EdgePrincipal;
import dev.cdn.config.DiskUnverifiedPeriod;
import dev.cdn.config.wire.Ack;
import dev.cdn.config.wire.AckBatch;
import dev.cdn.config.wire.NodeRole;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The edge control channel (docs/control-channel.md): the NDJSON event stream and acknowledgements. */
@RestController
class EdgeChannelController {

    static final String NDJSON_VALUE = "application/x-ndjson";
    static final MediaType NDJSON = MediaType.parseMediaType(NDJSON_VALUE);

    private final EdgeStream stream;
    private final DatabaseClient db;
    private final AckRecorder recorder;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final StreamsEndAtShutdown shutdown;
    private final ShieldWatermark shields;
    private final java.time.Duration shieldLead;
    private final dev.cdn.api.debug.ProbeRelay probes;

    /**
     * @param shieldLead how long an edge's events wait for the shields to apply them first (0: not at all)
     */
    EdgeChannelController(EdgeStream stream, DatabaseClient db, AckRecorder recorder,
                          org.springframework.context.ApplicationEventPublisher events, StreamsEndAtShutdown shutdown,
                          ShieldWatermark shields,
                          @org.springframework.beans.factory.annotation.Value("${cdn.edge.shield-lead:2s}")
                          java.time.Duration shieldLead,
                          dev.cdn.api.debug.ProbeRelay probes) {
        this.shields = shields;
        this.shieldLead = shieldLead;
        this.probes = probes;
        this.stream = stream;
        this.db = db;
        this.recorder = recorder;
        this.events = events;
        this.shutdown = shutdown;
    }

    @GetMapping("/v1/edge/events")
    Mono<Void> events(@AuthenticationPrincipal EdgePrincipal edge,
                      @RequestParam(defaultValue = "0") long after,
                      @RequestHeader(name = "X-Edge-Role", defaultValue = "edge") String role,
                      @RequestHeader(name = "X-Edge-Pop", defaultValue = "unknown") String pop,
                      ServerHttpResponse response) {
        new Validation().require(after >= 0, "after", "must not be negative").throwIfInvalid();
        response.getHeaders().setContentType(NDJSON);
        response.getHeaders().setCacheControl("no-store");
        // Offers the ack stream (see ackStream): edges that see this send their acks on it.
        response.getHeaders().set("X-Edge-Acks", NDJSON_VALUE);
        UUID streamId = UUID.randomUUID();
        // A new event stream is the node starting (or reconnecting): it rejoins the fleet even if it was
        // decommissioned, and from then on its acks count again.
        Mono<Void> register = db.sql("""
                        INSERT INTO edge_nodes (node_id, role, pop, applied_seq, connected_at, last_seen_at, stream_id)
                        VALUES (:node, :role, :pop, :after, now(), now(), :stream)
                        ON CONFLICT (node_id) DO UPDATE SET role = :role, pop = :pop, connected_at = now(),
                            last_seen_at = now(), stream_id = :stream, disconnected_at = NULL, decommissioned_at = NULL""")
                .bind("node", edge.nodeId()).bind("role", role).bind("pop", pop).bind("after", after)
                .bind("stream", streamId).then();
        // Only this stream's end marks the node disconnected: it may already have reconnected elsewhere.
        Mono<Void> unregister = db.sql("""
                        UPDATE edge_nodes SET disconnected_at = now() WHERE node_id = :node AND stream_id = :stream""")
                .bind("node", edge.nodeId()).bind("stream", streamId).then();
        Mono<Void> touch = db.sql("UPDATE edge_nodes SET last_seen_at = now() WHERE node_id = :node")
                .bind("node", edge.nodeId()).then();
        // Edges get each event after the shields applied it; shields (and nodes of other roles) at once.
        ShieldLead lead = "edge".equals(role)
                ? new ShieldLead(shields::value, shieldLead, System::nanoTime) : ShieldLead.NONE;
        // URL probes ride beside the events (docs/control-channel.md, "URL probes"): not sequenced, not stored.
        Flux<EncodedEvent> probes = this.probes.lines()
                .map(line -> new EncodedEvent(null, (line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Flux<Mono<org.springframework.core.io.buffer.DataBuffer>> lines = Flux.merge(stream.open(after, lead), probes)
                .takeUntilOther(shutdown.closing())
                // A heartbeat that reaches the socket is proof of life for the registry.
                .concatMap(event -> event.event() != null && event.event().type() == dev.cdn.config.EdgeEvent.Type.HEARTBEAT
                        ? touch.onErrorResume(e -> Mono.empty()).thenReturn(event) : Mono.just(event))
                .map(event -> Mono.just(response.bufferFactory().wrap(event.line())));
        boolean shield = "shield".equals(role);
        return register.doOnSuccess(v -> {
                    if (shield) {
                        shields.changed();
                    }
                }).then(response.writeAndFlushWith(lines))
                .doFinally(signal -> unregister.onErrorResume(e -> Mono.empty())
                        .doFinally(s -> {
                            if (shield) {
                                shields.changed();
                            }
                        }).subscribe());
    }

    @PostMapping("/v1/edge/acks")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> acks(@AuthenticationPrincipal EdgePrincipal edge, @RequestBody AckBatch body) {
        return store(edge, body);
    }

    /** Keeps the node's latest unverified span for the registry; a decommissioned node stays out of it. */
    private Mono<Void> recordDiskUnverified(String nodeId, DiskUnverifiedPeriod period) {
        return db.sql("""
                        UPDATE edge_nodes SET disk_unverified_since = :since, disk_unverified_until = :until,
                            disk_unverified_hits = :hits
                        WHERE node_id = :node AND decommissioned_at IS NULL""")
                .bind("since", period.since()).bind("until", period.until()).bind("hits", period.hits())
                .bind("node", nodeId).then();
    }

    /**
     * The ack stream: one long request whose body carries a line per batch, each stored as it arrives, in order.
     * It spares an edge a request per acknowledged event (about a millisecond of CPU, both sides together).
     */
    @PostMapping(path = "/v1/edge/acks", consumes = NDJSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> ackStream(@AuthenticationPrincipal EdgePrincipal edge, @RequestBody Flux<AckBatch> lines) {
        return lines.takeUntilOther(shutdown.closing()).concatMap(body -> store(edge, body)).then();
    }

    private Mono<Void> store(EdgePrincipal edge, AckBatch body) {
        List<Ack> acks = body.acks();
        Validation v = new Validation();
        for (int i = 0; i < acks.size(); i++) {
            Ack a = acks.get(i);
            v.require(a.status() != null, "acks[" + i + "].status", "is required ('applied' or 'failed')");
            v.require(a.seq() > 0, "acks[" + i + "].seq", "must be positive");
            v.require(a.serviceId() != null && Validation.isUuid(a.serviceId()), "acks[" + i + "].serviceId", "must be a service id");
            v.require(a.purgeId() == null || Validation.isUuid(a.purgeId()), "acks[" + i + "].purgeId", "must be a purge id");
        }
        DiskUnverifiedPeriod unverified = body.diskUnverified();
        if (unverified != null) {
            v.require(unverified.since() != null, "diskUnverified.since", "must be an instant");
            v.require(unverified.until() != null && (unverified.since() == null
                    || !unverified.until().isBefore(unverified.since())), "diskUnverified.until",
                    "must be an instant not before since");
            v.require(unverified.hits() >= 0, "diskUnverified.hits", "must not be negative");
        }
        v.throwIfInvalid();
        String role = NodeRole.orEdge(body.role()).wireName();
        String pop = body.pop() == null ? "unknown" : body.pop();
        return recorder.record(edge.nodeId(), role, pop, acks)
                .then(unverified == null ? Mono.empty() : recordDiskUnverified(edge.nodeId(), unverified))
                .then(Mono.fromRunnable(() -> events.publishEvent(new EdgeAcksReceived(edge.nodeId(), role,
                        acks.stream().map(Ack::seq).toList()))));
    }

}

package dev.cdn.edge.admin;

import dev.cdn.config.PurgeCommand;
import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.metrics.EdgeMetrics;
import dev.cdn.edge.purge.PurgeResult;
import dev.cdn.edge.purge.Purger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin listener, on a port of its own: liveness, readiness, Prometheus metrics, purge and the served config
 * versions. Everything but {@code /healthz} and {@code /readyz} (which load balancers probe without credentials)
 * requires {@code Authorization: Bearer <admin token>}.
 */
public final class AdminServer {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private final byte[] token;
    private final Purger purger;
    private final ConfigHolder config;
    private final EdgeMetrics metrics;
    private final LongSupplier appliedSeq;
    private final Warmer warmer;
    private final Readiness readiness;

    private volatile java.util.function.Supplier<Map<String, Object>> topology = Map::of;

    /** The shield topology this node runs and where it came from ({@code GET /topology}, and in {@code /readyz}). */
    public void topology(java.util.function.Supplier<Map<String, Object>> view) {
        this.topology = view;
    }

    /** The warmer behind {@code POST /warm}; the control channel's warming orders use it too. */
    public Warmer warmer() {
        return warmer;
    }

    /** @param listeners the client listeners, through which warming fetches */
    public AdminServer(String token, Purger purger, ConfigHolder config, EdgeMetrics metrics, LongSupplier appliedSeq,
                       Warmer.Listeners listeners, Readiness readiness) {
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.purger = purger;
        this.config = config;
        this.metrics = metrics;
        this.appliedSeq = appliedSeq;
        this.warmer = new Warmer(config, listeners);
        this.readiness = readiness;
    }

    public DisposableServer bind(String host, int port) {
        return HttpServer.create().host(host).port(port)
                .route(r -> r
                        .get("/healthz", (req, res) -> text(res, 200, "ok\n"))
                        .get("/readyz", (req, res) -> ready(res))
                        .get("/metrics", (req, res) -> authorized(req, res,
                                () -> res.status(200).header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                        .sendString(Mono.fromSupplier(metrics::scrape)).then()))
                        .get("/config", (req, res) -> authorized(req, res, () -> json(res, 200, configView())))
                        .get("/topology", (req, res) -> authorized(req, res, () -> json(res, 200, topology.get())))
                        .post("/purge", (req, res) -> authorized(req, res, () -> purge(req, res)))
                        .post("/warm", (req, res) -> authorized(req, res, () -> warm(req, res))))
                .bindNow();
    }

    /** 200 {@code {"ready":true}}, or 503 naming each failing check; never cached by anything in between. */
    private Mono<Void> ready(HttpServerResponse res) {
        return readiness.evaluate().flatMap(failing -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ready", failing.isEmpty());
            if (!failing.isEmpty()) {
                out.put("failing", failing.stream().map(NotReady::toMap).toList());
            }
            Map<String, Object> shields = topology.get();
            if (!shields.isEmpty()) {
                // Which topology routes the misses: flags, the persisted one, or the control plane's (and its version).
                out.put("topology", Map.of("source", shields.get("source"), "version", shields.get("version")));
            }
            res.header("Cache-Control", "no-store");
            return json(res, failing.isEmpty() ? 200 : 503, out);
        });
    }

    private Mono<Void> purge(HttpServerRequest req, HttpServerResponse res) {
        return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            PurgeCommand command;
            try {
                command = JSON.readValue(body, PurgeCommand.class);
            } catch (JacksonException e) {
                return problem(res, "body", "is not a purge: " + e.getOriginalMessage());
            }
            if (command == null || command.serviceId() == null || command.serviceId().isBlank()) {
                return problem(res, "serviceId", "is required");
            }
            if (command.kind() == null) {
                return problem(res, "kind", "is required: url, tag, prefix or all");
            }
            if (command.kind() != dev.cdn.config.PurgeKind.ALL && command.values().isEmpty()) {
                return problem(res, "values", "at least one value is required for kind "
                        + command.kind().name().toLowerCase(Locale.ROOT));
            }
            // Off the event loop: a purge is O(objects it names) (kind=all: every object of the service) and
            // deletes their files before it is acknowledged.
            return Mono.fromCallable(() -> purger.purge(command)).subscribeOn(Schedulers.boundedElastic())
                    .flatMap(result -> {
                        metrics.purged(command.kind().name().toLowerCase(Locale.ROOT), result.count());
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("serviceId", result.serviceId());
                        out.put("kind", result.kind().name().toLowerCase(Locale.ROOT));
                        out.put("soft", result.soft());
                        out.put("count", result.count());
                        return json(res, 200, out);
                    })
                    .onErrorResume(IllegalArgumentException.class, e -> problem(res, "values", e.getMessage()));
        });
    }

    /** Body of POST /warm. */
    record WarmRequest(String serviceId, List<String> urls, Integer ratePerSecond) {
    }

    private Mono<Void> warm(HttpServerRequest req, HttpServerResponse res) {
        return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            WarmRequest w;
            try {
                w = JSON.readValue(body, WarmRequest.class);
            } catch (JacksonException e) {
                return problem(res, "body", "is not a warm request: " + e.getOriginalMessage());
            }
            if (w == null || w.serviceId() == null || config.current().service(w.serviceId()) == null) {
                return problem(res, "serviceId", "must name a configured service");
            }
            if (w.urls() == null || w.urls().isEmpty() || w.urls().size() > Warmer.MAX_URLS) {
                return problem(res, "urls", "must hold 1 to " + Warmer.MAX_URLS + " absolute URLs");
            }
            int rate = w.ratePerSecond() == null ? 10 : w.ratePerSecond();
            if (rate < 1 || rate > Warmer.MAX_RATE) {
                return problem(res, "ratePerSecond", "must be between 1 and " + Warmer.MAX_RATE);
            }
            return warmer.warm(w.serviceId(), w.urls(), rate).map(Warmer.Outcome::toMap).collectList().flatMap(results -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("serviceId", w.serviceId());
                out.put("ratePerSecond", rate);
                out.put("results", results);
                return json(res, 200, out);
            });
        });
    }

    private Map<String, Object> configView() {
        List<Map<String, Object>> services = new ArrayList<>();
        for (CompiledService s : config.current().services().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("version", s.version());
            m.put("domains", s.config().domains());
            services.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("appliedSeq", appliedSeq.getAsLong());
        out.put("services", services);
        return out;
    }

    private Mono<Void> authorized(HttpServerRequest req, HttpServerResponse res, java.util.function.Supplier<Mono<Void>> then) {
        String auth = req.requestHeaders().get("Authorization");
        // Constant-time comparison: the token must not leak through response timing.
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), token)) {
            return res.status(401).header("WWW-Authenticate", "Bearer").header("Content-Type", "text/plain; charset=utf-8")
                    .sendString(Mono.just("admin token required\n")).then();
        }
        return then.get();
    }

    /** RFC 9457 problem body naming the field. */
    private static Mono<Void> problem(HttpServerResponse res, String field, String message) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", "Bad Request");
        p.put("status", 400);
        p.put("detail", field + ": " + message);
        p.put("field", field);
        byte[] bytes = JSON.writeValueAsBytes(p);
        return res.status(400).header("Content-Type", "application/problem+json")
                .sendByteArray(Mono.just(bytes)).then();
    }

    private static Mono<Void> json(HttpServerResponse res, int status, Object body) {
        byte[] bytes = JSON.writeValueAsBytes(body);
        return res.status(status).header("Content-Type", "application/json").sendByteArray(Mono.just(bytes)).then();
    }

    private static Mono<Void> text(HttpServerResponse res, int status, String body) {
        return res.status(status).header("Content-Type", "text/plain; charset=utf-8").sendString(Mono.just(body)).then();
    }
}

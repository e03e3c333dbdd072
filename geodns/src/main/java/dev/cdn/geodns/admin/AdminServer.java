package dev.cdn.geodns.admin;

import dev.cdn.geodns.RoutingSnapshot;
import dev.cdn.geodns.choice.Chooser;
import dev.cdn.geodns.location.Cidr;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * The responder's admin listener: {@code /healthz} (open, for probes), and behind {@code Authorization: Bearer
 * <admin token>}: {@code /explain?client=ADDR&name=HOST[&type=A|AAAA]} and {@code /metrics} (Prometheus).
 */
public final class AdminServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final byte[] token;
    private final Supplier<RoutingSnapshot> snapshot;
    private final Chooser chooser;
    private final long answerTtl;
    private final PrometheusMeterRegistry registry;
    private final LoopResources loops = LoopResources.create("geodns-admin", 1, true);

    public AdminServer(String token, Supplier<RoutingSnapshot> snapshot, Chooser chooser, long answerTtl,
                       PrometheusMeterRegistry registry) {
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.snapshot = snapshot;
        this.chooser = chooser;
        this.answerTtl = answerTtl;
        this.registry = registry;
    }

    /**
     * Binds on event loops of its own (one thread): nothing else in the process that shuts reactor-netty's shared
     * resources down can take the admin listener with it. Dispose them with {@link #loops()} after the server.
     */
    public DisposableServer bind(String host, int port) {
        return HttpServer.create().host(host).port(port).runOn(loops)
                .route(r -> r
                        .get("/healthz", (req, res) -> text(res, 200, "ok\n"))
                        .get("/metrics", (req, res) -> authorized(req, res,
                                () -> res.status(200).header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                        .sendString(Mono.fromSupplier(registry::scrape)).then()))
                        .get("/explain", (req, res) -> authorized(req, res, () -> explain(req, res))))
                .bindNow();
    }

    public LoopResources loops() {
        return loops;
    }

    private Mono<Void> explain(HttpServerRequest req, HttpServerResponse res) {
        Map<String, List<String>> params = new QueryStringDecoder(req.uri()).parameters();
        String client = first(params, "client");
        String name = first(params, "name");
        String type = first(params, "type");
        if (client == null || client.isBlank()) {
            return problem(res, "client", "required: the client's IP address");
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(Cidr.numericAddress(client));
        } catch (IllegalArgumentException | UnknownHostException e) {
            return problem(res, "client", "'" + client + "' is not an IP address");
        }
        if (name == null || name.isBlank() || name.length() > 253) {
            return problem(res, "name", "required: a host name of at most 253 characters");
        }
        if (type != null && !type.equals("A") && !type.equals("AAAA")) {
            return problem(res, "type", "A or AAAA");
        }
        boolean ipv4 = type == null ? address.getAddress().length == 4 : type.equals("A");
        return json(res, 200, Explanation.of(snapshot.get(), chooser, answerTtl, address, name, ipv4));
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private Mono<Void> authorized(HttpServerRequest req, HttpServerResponse res, Supplier<Mono<Void>> then) {
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
        return res.status(400).header("Content-Type", "application/problem+json")
                .sendByteArray(Mono.just(JSON.writeValueAsBytes(p))).then();
    }

    private static Mono<Void> json(HttpServerResponse res, int status, Object body) {
        return res.status(status).header("Content-Type", "application/json")
                .sendByteArray(Mono.just(JSON.writeValueAsBytes(body))).then();
    }

    private static Mono<Void> text(HttpServerResponse res, int status, String body) {
        return res.status(status).header("Content-Type", "text/plain; charset=utf-8").sendString(Mono.just(body)).then();
    }
}

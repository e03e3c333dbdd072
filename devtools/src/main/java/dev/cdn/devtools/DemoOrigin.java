package dev.cdn.devtools;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The demo origin: a tiny website whose pages carry the cache headers a real site would, so the CDN's
 * behaviour can be watched with curl. Every response says how many requests the origin has served.
 */
final class DemoOrigin {

    private static final AtomicLong served = new AtomicLong();

    private DemoOrigin() {
    }

    static void run(Flags flags) throws InterruptedException {
        int port = flags.port("port");
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(port)
                .route(routes -> routes
                        .get("/", (req, res) -> page(req, res, "public, max-age=60", "home"))
                        .get("/static/{name}", (req, res) -> page(req, res, "public, max-age=3600", "static asset "
                                + req.param("name")))
                        .get("/api/time", (req, res) -> page(req, res, "no-store", "the time is " + Instant.now()))
                        .get("/slow", (req, res) -> Mono.delay(Duration.ofSeconds(2))
                                .then(page(req, res, "public, max-age=30", "slow page").then()))
                        .get("/healthz", (req, res) -> res.sendString(Mono.just("ok")).then()))
                .bindNow();
        System.out.println("READY demo origin on http://127.0.0.1:" + server.port() + "/");
        System.out.flush();
        server.onDispose().block();
    }

    private static Mono<Void> page(HttpServerRequest req, HttpServerResponse res, String cacheControl, String what) {
        long n = served.incrementAndGet();
        String now = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC));
        String body = "<!doctype html><title>Demo origin</title><h1>Hello from the demo origin</h1>"
                + "<p>This is the " + what + " page, generated at " + now + ".</p>"
                + "<p>The origin has served " + n + " request(s) so far; a cache hit does not count.</p>\n";
        System.out.println(Instant.now() + " " + req.method() + " " + req.uri() + " host=" + req.requestHeaders().get("Host"));
        return res.status(HttpResponseStatus.OK)
                .header("Content-Type", "text/html; charset=utf-8")
                .header("Cache-Control", cacheControl)
                .header("Surrogate-Key", "demo " + (req.uri().startsWith("/static/") ? "static" : "pages"))
                .header("X-Origin-Served", Long.toString(n))
                .sendString(Mono.just(body), StandardCharsets.UTF_8)
                .then();
    }
}

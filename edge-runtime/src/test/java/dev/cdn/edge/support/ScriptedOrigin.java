package dev.cdn.edge.support;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A loopback origin that counts requests per path and answers from a script. */
public final class ScriptedOrigin implements AutoCloseable {

    /** One scripted answer. */
    public record Reply(int status, Map<String, String> headers, byte[] body, Duration delay, Mono<?> gate,
                        Mono<?> hold) {
        public Reply(int status, Map<String, String> headers, byte[] body, Duration delay, Mono<?> gate) {
            this(status, headers, body, delay, gate, null);
        }

        public static Reply ok(String body, String... headerPairs) {
            return of(200, body, headerPairs);
        }

        public static Reply of(int status, String body, String... headerPairs) {
            Map<String, String> h = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headerPairs.length; i += 2) {
                h.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Reply(status, h, body.getBytes(StandardCharsets.UTF_8), Duration.ZERO, null);
        }

        public Reply delayed(Duration d) {
            return new Reply(status, headers, body, d, gate, hold);
        }

        /** Sends the first half of the body, flushes, and sends the rest only when {@code gate} completes. */
        public Reply split(Mono<?> gate) {
            return new Reply(status, headers, body, delay, gate, hold);
        }

        /** Sends nothing, not even the status line, until {@code until} completes: a slow origin. */
        public Reply held(Mono<?> until) {
            return new Reply(status, headers, body, delay, gate, until);
        }
    }

    /** What the origin saw of one request. */
    public record Seen(String method, String uri, HttpHeaders headers, String body) {
    }

    private final DisposableServer server;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Function<Seen, Reply> script = s -> Reply.ok("hello", "Cache-Control", "max-age=60");

    public ScriptedOrigin() {
        BlockHoundSetup.install();
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
                    Seen s = new Seen(req.method().name(), req.uri(), new DefaultHttpHeaders().add(req.requestHeaders()),
                            body);
                    total.incrementAndGet();
                    byPath.computeIfAbsent(pathOf(req.uri()), p -> new AtomicInteger()).incrementAndGet();
                    seen.add(s);
                    Reply r = script.apply(s);
                    Mono<Void> send = Mono.defer(() -> {
                        res.status(r.status());
                        r.headers().forEach(res::header);
                        if (!r.headers().containsKey("Content-Length") && !r.headers().containsKey("Transfer-Encoding")) {
                            res.header("Content-Length", String.valueOf(r.body().length));
                        }
                        if (r.gate() != null) {
                            int half = r.body().length / 2;
                            byte[] first = java.util.Arrays.copyOfRange(r.body(), 0, half);
                            byte[] rest = java.util.Arrays.copyOfRange(r.body(), half, r.body().length);
                            return res.send(reactor.core.publisher.Flux.concat(Mono.just(first),
                                            r.gate().then(Mono.just(rest))).map(io.netty.buffer.Unpooled::wrappedBuffer),
                                    b -> true).then();
                        }
                        return res.sendByteArray(Mono.just(r.body())).then();
                    });
                    Mono<Void> delayed = r.delay().isZero() ? send : Mono.delay(r.delay()).then(send);
                    return r.hold() == null ? delayed : r.hold().then(delayed);
                }))
                .bindNow();
    }

    public ScriptedOrigin script(Function<Seen, Reply> script) {
        this.script = script;
        return this;
    }

    public int port() {
        return server.port();
    }

    public int count() {
        return total.get();
    }

    public int count(String path) {
        AtomicInteger c = byPath.get(path);
        return c == null ? 0 : c.get();
    }

    public List<Seen> seen() {
        return seen;
    }

    public Seen last() {
        return seen.get(seen.size() - 1);
    }

    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}

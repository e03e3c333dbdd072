package dev.cdn.edge.esi;

import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.key.UriNormalizer;
import dev.cdn.edge.local.LocalAnswer;
import dev.cdn.edge.local.LocalExchange;
import dev.cdn.edge.policy.PrivateToClient;
import dev.cdn.edge.routing.CompiledRule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * ESI on delivery, in front of the request path: a GET under a rule with {@code esi} on fetches its page in-process
 * through the request path behind it (the page is cached, coalesced and purged like any object), parses it once per
 * stored body, evaluates it for this request, fetches its includes the same way and sends the assembled page.
 * Everything else goes straight to the request path.
 *
 * <p>The response headers wait for the includes up to {@link AssemblyLimits#streamAfter}: when all settled, the
 * page's browser TTL is the smallest of its parts' and a failed include outside any try makes it a 502; otherwise the
 * page streams ahead of its slow includes with a browser TTL of 0, each part as soon as it and everything before it
 * is ready. The assembled page carries no Content-Length, ETag or Last-Modified of the stored page.
 */
public final class EsiFront {

    /** Stored-page headers that describe the stored bytes, not the assembled page. */
    private static final Set<String> SHELL_ONLY = Set.of("content-length", "etag", "last-modified", "accept-ranges",
            "content-range", "transfer-encoding", "connection", "keep-alive");
    /** Connection-level fields, never relayed (RFC 9110 section 7.6.1). */
    private static final Set<String> HOP_BY_HOP = Set.of("transfer-encoding", "connection", "keep-alive");
    /** Client request headers not sent with the page fetch: the assembled page answers those, not the stored one. */
    private static final Set<String> NOT_FORWARDED = Set.of("accept-encoding", "range", "if-range", "if-none-match",
            "if-modified-since", "if-match", "if-unmodified-since", "content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "te", "trailer", "host", InternalRequest.HEADER.toLowerCase(Locale.ROOT));

    private final ConfigHolder config;
    private final AssemblyLimits limits;
    private final Set<String> allowedHosts;
    private final EsiRecorder recorder;
    private final InternalRequest internal = new InternalRequest();
    private final ParsedDocuments parsed;

    /**
     * @param allowedHosts hosts besides the service's own domains that pages may include from (they must be served
     *                     by this node too; they never receive the client's Cookie or Authorization)
     */
    public EsiFront(ConfigHolder config, AssemblyLimits limits, Set<String> allowedHosts, EsiRecorder recorder) {
        this.config = config;
        this.limits = limits;
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.recorder = recorder;
        this.parsed = new ParsedDocuments(64L << 20, recorder);
    }

    /** The request path {@code next} with ESI in front of it. */
    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> wrap(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> next) {
        return new Front(next);
    }

    /** ESI in front of one request path: pages are fetched from that path, fragments from this front again. */
    private final class Front implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
        private final BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> next;
        private final LocalExchange pages;
        private final LocalFragments fragments;

        Front(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> next) {
            this.next = next;
            this.pages = new LocalExchange(next);
            this.fragments = new LocalFragments(new LocalExchange(this), internal);
        }

        @Override
        public Publisher<Void> apply(HttpServerRequest req, HttpServerResponse res) {
            HttpHeaders h = req.requestHeaders();
            Integer depth = internal.depthOf(h.get(InternalRequest.HEADER));
            // Never let the mark travel on: not to the origin, not to a client's forged copy either.
            h.remove(InternalRequest.HEADER);
            if (depth != null && depth == InternalRequest.RAW) {
                return next.apply(req, res);
            }
            String method = req.method().name();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return next.apply(req, res);
            }
            String host = h.get("Host");
            CompiledService service = host == null ? null : config.current().route(host.trim());
            if (service == null) {
                return next.apply(req, res);
            }
            String uri = req.uri();
            int q = uri.indexOf('?');
            String rawPath = q < 0 ? uri : uri.substring(0, q);
            if (!rawPath.startsWith("/")) {
                return next.apply(req, res);
            }
            CompiledRule rule = service.rule(UriNormalizer.normalizePath(rawPath), "GET");
            String rawQuery = q < 0 ? null : uri.substring(q + 1);
            int level = depth == null ? 0 : depth;
            if (!rule.rule().esi()) {
                // The origin may still ask for ESI on this one response with Surrogate-Control: the request path
                // answers as usual, and a body it sends under that header is assembled instead.
                return next.apply(req, new SurrogateResponse(res, (client, pageHeaders, body, stored) ->
                        process(req, client, service, host.trim(), rawQuery, level,
                                new LocalAnswer(200, pageHeaders, body, stored))));
            }
            return assemble(req, res, service, host.trim(), rawQuery, level);
        }

        /** Fetches the stored page from the request path behind, for this client, and assembles it. */
        private Mono<Void> assemble(HttpServerRequest req, HttpServerResponse res, CompiledService service,
                                    String host, String rawQuery, int depth) {
            HttpHeaders headers = new DefaultHttpHeaders();
            for (Map.Entry<String, String> e : req.requestHeaders()) {
                if (!NOT_FORWARDED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                    headers.add(e.getKey(), e.getValue());
                }
            }
            headers.set("Host", host);
            headers.set("Accept-Encoding", "identity");
            return pages.send(HttpMethod.GET, req.uri(), req.scheme(), headers, address(req.remoteAddress()),
                            address(req.hostAddress()))
                    .flatMap(shell -> process(req, res, service, host, rawQuery, depth, shell))
                    .onErrorResume(e -> res.hasSentHeaders() ? Mono.error(e)
                            : failed(res, "the page could not be fetched\n"));
        }

        /** Assembles the stored page {@code shell} for this request, or relays it when ESI cannot apply to it. */
        private Mono<Void> process(HttpServerRequest req, HttpServerResponse res, CompiledService service,
                                   String host, String rawQuery, int depth, LocalAnswer shell) {
            InetSocketAddress client = address(req.remoteAddress());
            InetSocketAddress local = address(req.hostAddress());
            return Mono.defer(() -> {
                        String length = shell.headers().get("Content-Length");
                        boolean tooLarge = length != null && length.length() < 19
                                && length.chars().allMatch(Character::isDigit)
                                && Long.parseLong(length) > limits.maxOutputBytes();
                        if (shell.status() != 200 || !isMarkup(shell.headers().get("Content-Type"))) {
                            // Not a page ESI can apply to: relayed as it streams in, never held in memory.
                            return relayStreaming(req, res, shell.status(), shell.headers(), shell.body(), null);
                        }
                        if (tooLarge) {
                            return relayStreaming(req, res, shell.status(), shell.headers(), shell.body(),
                                    Unprocessed.OVER_OUTPUT_LIMIT);
                        }
                        // A page without a length is held up to the limit; past it, what was held and the rest are
                        // relayed unprocessed (and marked), never cut.
                        AtomicLong seen = new AtomicLong();
                        long max = limits.maxOutputBytes();
                        return shell.body().bufferUntil(b -> seen.addAndGet(b.readableBytes()) > max)
                                .switchOnFirst((first, all) -> {
                                    Flux<ByteBuf> bytes = all.concatMapIterable(list -> list);
                                    if (seen.get() > max) {
                                        return relayStreaming(req, res, shell.status(), shell.headers(), bytes,
                                                Unprocessed.OVER_OUTPUT_LIMIT);
                                    }
                                    LocalAnswer whole = new LocalAnswer(shell.status(), shell.headers(), bytes,
                                            shell.storedBody());
                                    return whole.bytes(max).flatMap(body -> deliver(req, res, service, host,
                                            rawQuery, depth, whole, body, fragments.forPage(req.requestHeaders(),
                                                    client, local, hosts(service),
                                                    limitsFor(service).maxFragmentBytes())));
                                })
                                .then();
                    })
                    .onErrorResume(e -> res.hasSentHeaders() ? Mono.error(e)
                            : failed(res, "the page could not be assembled\n"));
        }
    }

    /** The service's own domains, the node's and the service's allowed hosts, and the service's allowed paths. */
    private HostPolicy hosts(CompiledService service) {
        dev.cdn.config.EsiSettings esi = service.config().settings().esi();
        Set<String> allowed = new HashSet<>(allowedHosts);
        allowed.addAll(esi.allowedHosts());
        return new HostPolicy(new HashSet<>(service.config().domains()), allowed, esi.allowedPaths());
    }

    /** The node's limits, tightened by the service's settings. */
    private AssemblyLimits limitsFor(CompiledService service) {
        return limits.tightenedBy(service.config().settings().esi());
    }

    private static InetSocketAddress address(java.net.SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    private Mono<Void> deliver(HttpServerRequest req, HttpServerResponse res, CompiledService service, String host,
                               String rawQuery, int depth, LocalAnswer shell, byte[] shellBody,
                               FragmentSource source) {
        int status = shell.status();
        HttpHeaders shellHeaders = shell.headers();
        EsiDocument document = parsed.of(shellBody, shell.storedBody());
        if (document.isPlainText()) {
            return relay(req, res, status, shellHeaders, shellBody);
        }
        HttpHeaders h = req.requestHeaders();
        RequestVariables variables = new RequestVariables(host, join(h.getAll("Cookie"), "; "),
                h.get("Accept-Language"), h.get("Referer"), h.get("User-Agent"), rawQuery);
        AssemblyLimits limits = limitsFor(service);
        Assembly assembly = EsiEvaluator.evaluate(document, variables, limits.maxOutputBytes());
        if (assembly.truncated()) {
            recorder.truncated();
        }
        URI pageUrl;
        try {
            pageUrl = new URI(req.scheme() + "://" + host + req.uri());
        } catch (URISyntaxException e) {
            return failed(res, "the page's address cannot be resolved against\n");
        }
        HostPolicy hosts = hosts(service);
        EsiAssembler assembler = new EsiAssembler(source, limits, recorder, Schedulers.parallel());
        long shellTtl = LocalFragments.browserTtl(shellHeaders);
        EsiAssembler.Page page = assembler.assemble(assembly, pageUrl, depth, hosts, shellTtl);
        if (isHead(req)) {
            // HEAD gets the headers GET would get when its includes settle in time: it waits for all of them.
            return page.browserTtlSeconds().flatMap(ttl -> {
                pageHeaders(res, shellHeaders, shellTtl, ttl);
                return res.status(200).send();
            }).onErrorResume(EsiAssembler.IncludeFailedException.class,
                    e -> failed(res, "an include of the page failed\n"));
        }
        return page.browserTtlSeconds().map(Optional::of)
                .timeout(limits.streamAfter(), Mono.just(Optional.empty()), Schedulers.parallel())
                .flatMap(settled -> {
                    // Every include settled in time: the page's TTL is exact and a failure could still be a 502.
                    // Otherwise the headers leave now, ahead of the slow parts whose TTLs are not known yet, so
                    // browsers get 0; each part follows as soon as it and everything before it is ready.
                    pageHeaders(res, shellHeaders, shellTtl, settled.orElse(0L));
                    return res.status(200).send(page.body().map(Unpooled::wrappedBuffer)).then();
                })
                // Once streaming, a failed include can only end the response early: the connection closes
                // without the final chunk, which no client takes for a whole page.
                .onErrorResume(EsiAssembler.IncludeFailedException.class, e -> res.hasSentHeaders() ? Mono.error(e)
                        : failed(res, "an include of the page failed\n"));
    }

    /**
     * The stored page's headers, less those of its bytes, with the page's browser TTL when a part lowers it. A page
     * private to its visitor (marked private, or setting a cookie) stays private when its TTL is lowered.
     */
    private static void pageHeaders(HttpServerResponse res, HttpHeaders shellHeaders, long shellTtl, long ttl) {
        copy(shellHeaders, res.responseHeaders(), SHELL_ONLY);
        if (ttl < shellTtl) {
            HttpHeaders out = res.responseHeaders();
            out.set("Cache-Control", (PrivateToClient.is(out) ? "private, max-age=" : "max-age=") + ttl);
        }
    }

    /**
     * Relays a stored page's answer as it streams in, unprocessed; {@code unprocessed} (nullable) says why a page
     * under an ESI rule was not assembled, in a response header and a metric, so it never passes for an assembled one.
     */
    private Mono<Void> relayStreaming(HttpServerRequest req, HttpServerResponse res, int status, HttpHeaders headers,
                                      Flux<ByteBuf> body, Unprocessed unprocessed) {
        copy(headers, res.responseHeaders(), HOP_BY_HOP);
        if (unprocessed != null) {
            recorder.unprocessed(unprocessed);
            res.responseHeaders().set(Unprocessed.HEADER, unprocessed.headerValue());
        }
        if (isHead(req)) {
            return body.doOnNext(ByteBuf::release).then().then(res.status(status).send());
        }
        return res.status(status).send(body).then();
    }

    private Mono<Void> relay(HttpServerRequest req, HttpServerResponse res, int status, HttpHeaders shellHeaders,
                             byte[] body) {
        copy(shellHeaders, res.responseHeaders(), HOP_BY_HOP);
        res.responseHeaders().set("Content-Length", String.valueOf(body.length));
        if (isHead(req)) {
            return res.status(status).send();
        }
        return res.status(status).sendByteArray(Mono.just(body)).then();
    }

    private static boolean isHead(HttpServerRequest req) {
        return req.method().name().equals("HEAD");
    }

    private static void copy(HttpHeaders from, HttpHeaders to, Set<String> except) {
        for (Map.Entry<String, String> e : from) {
            if (!except.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                to.add(e.getKey(), e.getValue());
            }
        }
    }

    private static Mono<Void> failed(HttpServerResponse res, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return res.status(502).header("Content-Type", "text/plain; charset=utf-8")
                .header("Content-Length", String.valueOf(bytes.length)).sendByteArray(Mono.just(bytes)).then();
    }

    /** Bodies ESI is looked for in: HTML, XML and other text; not images, video or archives. */
    static boolean isMarkup(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("html") || type.contains("xml");
    }

    private static String join(List<String> values, String separator) {
        return values.isEmpty() ? null : String.join(separator, values);
    }
}

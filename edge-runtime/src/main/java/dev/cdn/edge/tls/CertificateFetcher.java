package dev.cdn.edge.tls;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Keeps this node's tenant certificates and ACME answers equal to the control plane's: fetches
 * {@code GET /v1/edge/certificates} when a {@code certificates} event says they changed, at start, and every
 * {@link #REFRESH_EVERY} as a safety net (an event compacted away, a fetch that failed). Fetches never overlap: a
 * request for a fetch while one runs makes exactly one more afterwards, and whoever asked is told when a fetch that
 * started after the request installed its set. Parsing and building TLS contexts run on
 * a worker thread, never on an event loop.
 */
public final class CertificateFetcher {

    static final Duration REFRESH_EVERY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(CertificateFetcher.class);

    private final HttpClient client;
    private final PushedCertificates certificates;
    private final AcmeChallengeAnswers challenges;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Consumer<String>> waiting = new ConcurrentLinkedQueue<>();
    private volatile Disposable ticker;
    private volatile boolean closed;

    public CertificateFetcher(String controlPlane, String edgeToken, String nodeId, String role,
                              PushedCertificates certificates, AcmeChallengeAnswers challenges) {
        this.certificates = certificates;
        this.challenges = challenges;
        this.client = HttpClient.create().baseUrl(controlPlane.replaceAll("/+$", ""))
                .responseTimeout(Duration.ofSeconds(10))
                .headers(h -> h.set("Authorization", "Bearer " + edgeToken).set("X-Edge-Id", nodeId)
                        .set("X-Edge-Role", role));
    }

    public void start() {
        fetch();
        ticker = Flux.interval(REFRESH_EVERY, REFRESH_EVERY).onBackpressureDrop().subscribe(t -> fetch());
    }

    public void close() {
        closed = true;
        Disposable t = ticker;
        if (t != null) {
            t.dispose();
        }
    }

    /** Fetches now, or once more right after the fetch in progress. */
    public void fetch() {
        fetch(null);
    }

    /**
     * Fetches now, or once more right after the fetch in progress; {@code done} (if any) is called with null once a
     * fetch that started after this call installed its set, or with the reason it failed.
     */
    public void fetch(Consumer<String> done) {
        if (done != null) {
            waiting.add(done);
        }
        if (closed) {
            drain().forEach(d -> d.accept("the node is shutting down"));
            return;
        }
        again.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        List<Consumer<String>> mine = drain();
        client.get().uri("/v1/edge/certificates")
                .responseSingle((res, body) -> res.status().code() == 200 ? body.asByteArray()
                        : Mono.error(new IllegalStateException("the control plane answered " + res.status().code())))
                .publishOn(Schedulers.boundedElastic())
                .map(ConfigCodec::readEdgeCertificates)
                .doOnNext(this::install)
                .doFinally(signal -> {
                    running.set(false);
                    if (again.get() || !waiting.isEmpty()) {
                        fetch(null);
                    }
                })
                .subscribe(set -> mine.forEach(d -> d.accept(null)), e -> {
                    log.warn("fetching the TLS certificates failed (the loaded ones keep serving; next try within {}):"
                            + " {}", REFRESH_EVERY, e.toString());
                    mine.forEach(d -> d.accept("fetching the certificates failed: " + e.getMessage()));
                });
    }

    private List<Consumer<String>> drain() {
        List<Consumer<String>> out = new ArrayList<>();
        for (Consumer<String> d; (d = waiting.poll()) != null; ) {
            out.add(d);
        }
        return out;
    }

    private void install(EdgeCertificates set) {
        challenges.install(set);
        int serving = certificates.install(set);
        log.debug("{} tenant certificates and {} ACME answers installed", serving, set.challenges().size());
    }
}

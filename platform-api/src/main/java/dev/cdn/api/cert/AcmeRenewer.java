package dev.cdn.api.cert;

import dev.cdn.api.publish.EdgeEventLog;
import dev.cdn.api.schedule.PeriodicJob;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Obtains and renews certificates through ACME for every active service's verified domains (HTTP-01 answered by
 * the edges). Each pass looks at every candidate service, asks {@link RenewalPolicy} whether it needs an order, and
 * places due orders one at a time; a replica claims a service's attempt in the database first, so replicas never
 * order for the same service at once. Success stores the certificate (key sealed) and tells the edges; failure is
 * recorded (status, last error, next attempt) and counted in {@code cdn_certificates_acme_failing}.
 */
@Component
class AcmeRenewer extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(AcmeRenewer.class);
    /** How long a claimed attempt is held before another replica may take it over. */
    private static final Duration CLAIM = Duration.ofMinutes(15);
    private static final Duration CHALLENGE_LIFETIME = Duration.ofHours(1);

    private final AcmeSettings acme;
    private final CertificateSettings certs;
    private final AcmeOrders orders;
    private final AcmeAccountKey accountKey;
    private final StoredCertificates store;
    private final EdgeEventLog events;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final AtomicLong failing = new AtomicLong();

    AcmeRenewer(AcmeSettings acme, CertificateSettings certs, AcmeOrders orders, AcmeAccountKey accountKey,
                StoredCertificates store, EdgeEventLog events, TransactionalOperator tx, Clock clock,
                MeterRegistry meters) {
        super("ACME certificate renewal", acme.checkInterval(), acme.checkInterval());
        this.acme = acme;
        this.certs = certs;
        this.orders = orders;
        this.accountKey = accountKey;
        this.store = store;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        Gauge.builder("cdn_certificates_acme_failing", failing, AtomicLong::get)
                .description("services whose last ACME order failed (alert on > 0 for longer than a retry)")
                .register(meters);
    }

    @Override
    protected Mono<?> runOnce() {
        return passNow();
    }

    /** One pass; answers how many certificates were issued. */
    Mono<Long> passNow() {
        if (acme.directory().isEmpty() || certs.sealer().isEmpty()) {
            return Mono.just(0L);
        }
        return orders.candidates().concatMap(this::consider).filter(Boolean::booleanValue).count()
                .flatMap(issued -> orders.failing().doOnNext(failing::set).thenReturn(issued));
    }

    private Mono<Boolean> consider(AcmeOrders.Candidate c) {
        Instant now = clock.instant();
        return Mono.zip(store.verifiedDomains(c.serviceId()), store.ofService(c.serviceId())
                        .map(r -> new RenewalPolicy.Held(r.source(), r.names(), r.notBefore(), r.notAfter()))
                        .collectList())
                .flatMap(t -> {
                    List<String> names = RenewalPolicy.toOrder(t.getT1(), t.getT2(), now);
                    if (names.isEmpty()) {
                        return Mono.just(false);
                    }
                    return orders.claim(c, names, now, CLAIM).flatMap(attempts -> order(c, names, attempts))
                            .defaultIfEmpty(false);
                });
    }

    private Mono<Boolean> order(AcmeOrders.Candidate c, List<String> names, int failuresSoFar) {
        String directory = acme.directory().orElseThrow().toString();
        KeyPair certificateKey = newKey();
        log.info("ACME order for service {}: {}", c.serviceId(), names);
        return accountKey.forDirectory(directory)
                .flatMap(account -> Mono.fromCallable(() -> new AcmeClient(acme).issue(account, names, certificateKey,
                                answers -> publish(c.serviceId(), answers)))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(chain -> stored(c, chain, certificateKey))
                .onErrorResume(e -> {
                    Instant next = clock.instant().plus(RenewalPolicy.retryDelay(acme.retryAfter(), failuresSoFar + 1));
                    String error = describe(e);
                    log.warn("ACME order for service {} failed (next attempt {}): {}", c.serviceId(), next, error);
                    return orders.removeChallenges(c.serviceId()).then(orders.failed(c.serviceId(), error, next))
                            .then(events.appendCertificates(c.serviceId().toString())).as(tx::transactional)
                            .doOnSuccess(seq -> events.announce()).thenReturn(false);
                });
    }

    /** Stores the answers, tells the edges, and waits (bounded) until every connected edge fetched them. */
    private void publish(UUID serviceId, List<AcmeClient.Answer> answers) throws InterruptedException {
        Long seq = orders.addChallenges(serviceId, answers, clock.instant().plus(CHALLENGE_LIFETIME))
                .then(events.appendCertificates(serviceId.toString())).as(tx::transactional)
                .doOnSuccess(s -> events.announce()).block(Duration.ofSeconds(30));
        long deadline = System.nanoTime() + acme.edgeTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(orders.edgesApplied(seq).block(Duration.ofSeconds(10)))) {
                return;
            }
            Thread.sleep(100); // a worker thread polling the database, never an event loop
        }
        log.warn("not every edge fetched the ACME answers of service {} within {}; triggering the challenge anyway",
                serviceId, acme.edgeTimeout());
    }

    private Mono<Boolean> stored(AcmeOrders.Candidate c, List<X509Certificate> chain, KeyPair key) {
        KeySealer sealer = certs.sealer().orElseThrow();
        X509Certificate leaf = chain.get(0);
        UUID id = UUID.randomUUID();
        List<String> names;
        try {
            names = PemFiles.dnsNames(leaf);
        } catch (java.security.GeneralSecurityException e) {
            return Mono.error(e);
        }
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        StoredCertificates.Row row = new StoredCertificates.Row(id, c.tenantId(), c.serviceId(), CertificateSource.ACME,
                names, PemFiles.certificatePem(chain), sealer.seal(key.getPrivate().getEncoded(), id.toString()),
                PemFiles.fingerprint(leaf), notBefore, notAfter, clock.instant());
        return store.insert(row)
                .then(store.deleteOtherAcme(c.serviceId(), id))
                .then(orders.removeChallenges(c.serviceId()))
                .then(orders.issued(c.serviceId(), id, RenewalPolicy.renewAt(notBefore, notAfter)))
                .then(events.appendCertificates(c.serviceId().toString()))
                .as(tx::transactional)
                .doOnSuccess(seq -> {
                    events.announce();
                    log.info("ACME certificate {} issued for service {}: {} (until {})", id, c.serviceId(), names,
                            notAfter);
                })
                .thenReturn(true);
    }

    /** The message of the error and of its causes ("Network error: Connection refused"). */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 900; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (out.indexOf(m) < 0) {
                out.append(out.length() == 0 ? "" : ": ").append(m);
            }
        }
        return out.toString();
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            return gen.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

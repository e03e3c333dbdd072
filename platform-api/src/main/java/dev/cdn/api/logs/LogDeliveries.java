package dev.cdn.api.logs;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.ssrf.AddressPolicy;
import dev.cdn.api.ssrf.HostLookup;
import dev.cdn.api.ssrf.RequestTarget;
import dev.cdn.config.AccessRecord;
import dev.cdn.config.ConfigCodec;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * Delivers each service's access records to the endpoint its tenant configured, in NDJSON batches: one request in
 * flight per service, failed batches retried with exponential back-off, then dropped and counted. The records wait
 * in a bounded queue per service ({@link DeliveryQueue}), so a slow or dead endpoint costs a bounded amount of
 * memory. Each replica delivers the records edges shipped to it; the configuration is re-read from the database
 * every few seconds, so a change made through another replica applies here too.
 */
@Component
class LogDeliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LogDeliveries.class);
    static final String USER_AGENT = "cdn-log-delivery/1";

    private final Map<String, DeliveryQueue> queues = new ConcurrentHashMap<>();
    private final LiveLogHub hub;
    private final DatabaseClient db;
    private final AddressPolicy policy;
    private final HostLookup lookup;
    private final Clock clock;
    private final int queueRecords;
    private final Duration flushEvery;
    private final int retries;
    private final Duration retryBase;
    private final Duration refreshEvery;
    private final HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(10))
            .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
    private volatile Disposable running;

    LogDeliveries(LiveLogHub hub, DatabaseClient db, AddressPolicy policy, HostLookup lookup, Clock clock,
                  @Value("${cdn.logs.delivery.queue-records:10000}") int queueRecords,
                  @Value("${cdn.logs.delivery.flush-every:1s}") Duration flushEvery,
                  @Value("${cdn.logs.delivery.retries:3}") int retries,
                  @Value("${cdn.logs.delivery.retry-base:500ms}") Duration retryBase,
                  @Value("${cdn.logs.delivery.refresh-every:5s}") Duration refreshEvery) {
        this.hub = hub;
        this.db = db;
        this.policy = policy;
        this.lookup = lookup;
        this.clock = clock;
        this.queueRecords = queueRecords;
        this.flushEvery = flushEvery;
        this.retries = retries;
        this.retryBase = retryBase;
        this.refreshEvery = refreshEvery;
        hub.tap(this::offer);
    }

    private void offer(AccessRecord record) {
        DeliveryQueue q = queues.get(record.serviceId());
        if (q != null) {
            q.offer(record);
        }
    }

    @Override
    public void start() {
        Disposable refreshing = Flux.interval(Duration.ZERO, refreshEvery).onBackpressureDrop()
                .concatMap(t -> refresh().onErrorResume(e -> {
                    log.warn("cannot read log deliveries: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
        Disposable flushing = Flux.interval(flushEvery, flushEvery).onBackpressureDrop()
                .subscribe(t -> queues.values().forEach(this::flush));
        running = reactor.core.Disposables.composite(refreshing, flushing);
    }

    /** Re-reads every configured delivery: new ones start, changed ones take their new endpoint, removed ones stop. */
    Mono<Void> refresh() {
        return db.sql("""
                        SELECT d.service_id, d.url, d.batch_records FROM log_deliveries d
                        JOIN services s ON s.id = d.service_id WHERE s.deleted_at IS NULL""")
                .map((row, meta) -> new DeliveryQueue.Delivery(row.get("service_id", UUID.class).toString(),
                        DeliveryEndpoint.parse(row.get("url", String.class)), row.get("batch_records", Integer.class)))
                .all().collectList()
                .doOnNext(this::apply)
                .then();
    }

    private void apply(List<DeliveryQueue.Delivery> configured) {
        Set<String> ids = new HashSet<>();
        for (DeliveryQueue.Delivery d : configured) {
            ids.add(d.serviceId());
            queues.compute(d.serviceId(), (id, q) -> {
                if (q == null) {
                    return new DeliveryQueue(d, queueRecords);
                }
                q.config = d;
                return q;
            });
        }
        queues.keySet().retainAll(ids);
    }

    /** What delivery to a service's endpoint did on this replica; empty when it has no delivery. */
    java.util.Optional<DeliveryQueue> status(String serviceId) {
        return java.util.Optional.ofNullable(queues.get(serviceId));
    }

    /** Sends batches of one service until its queue is empty or a batch failed; one flush at a time per service. */
    void flush(DeliveryQueue q) {
        if (q.size() == 0 || !q.inFlight.compareAndSet(false, true)) {
            return;
        }
        sendOne(q).expand(more -> more ? sendOne(q) : Mono.empty()).then()
                .doFinally(signal -> q.inFlight.set(false))
                .subscribe(null, e -> log.warn("log delivery failed: {}", e.toString()));
    }

    /** One batch; true when it was delivered and more records wait. */
    private Mono<Boolean> sendOne(DeliveryQueue q) {
        return Mono.defer(() -> {
            DeliveryQueue.Delivery d = q.config;
            List<AccessRecord> batch = q.take(d.batchRecords());
            if (batch.isEmpty()) {
                return Mono.just(false);
            }
            StringBuilder body = new StringBuilder();
            for (AccessRecord r : batch) {
                body.append(ConfigCodec.write(r)).append('\n');
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            return post(d.endpoint(), bytes, batch.size())
                    .retryWhen(Retry.backoff(retries, retryBase).maxBackoff(retryBase.multipliedBy(16))
                            .filter(e -> !(e instanceof ApiException))
                            .doBeforeRetry(s -> q.retries.incrementAndGet())
                            .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                    .then(Mono.fromSupplier(() -> {
                        q.delivered.addAndGet(batch.size());
                        q.batches.incrementAndGet();
                        q.lastDeliveredAt = clock.instant();
                        return q.size() > 0;
                    }))
                    .onErrorResume(e -> {
                        q.dropped.addAndGet(batch.size());
                        q.lastError = e instanceof ApiException api ? api.getMessage() : String.valueOf(e.getMessage());
                        q.lastErrorAt = clock.instant();
                        return Mono.just(false);
                    });
        });
    }

    /** Posts one batch to the checked address; an answer other than 2xx is an error (and retried). */
    private Mono<Void> post(DeliveryEndpoint endpoint, byte[] body, int records) {
        return endpoint.resolve(policy, lookup).flatMap(address -> {
            HttpClient http = client.remoteAddress(() -> address)
                    .headers(h -> h.set("Host", endpoint.uri().getRawAuthority())
                            .set("Content-Type", "application/x-ndjson")
                            .set("User-Agent", USER_AGENT)
                            .set("X-Log-Records", String.valueOf(records)));
            if (endpoint.tls()) {
                http = http.secure();
            }
            return http.post().uri(RequestTarget.of(endpoint.uri()))
                    .send(Mono.just(Unpooled.wrappedBuffer(body)))
                    .responseSingle((res, content) -> res.status().code() / 100 == 2 ? Mono.<Void>empty()
                            : Mono.error(new IllegalStateException("the endpoint answered " + res.status().code())));
        });
    }

    @Override
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable d = running;
        return d != null && !d.isDisposed();
    }
}

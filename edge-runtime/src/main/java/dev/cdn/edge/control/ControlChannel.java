package dev.cdn.edge.control;

import dev.cdn.config.wire.Ack;
import dev.cdn.config.wire.AckBatch;
import dev.cdn.config.wire.NodeRole;
import dev.cdn.config.wire.WireCodec;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.config.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The edge side of the control channel (docs/control-channel.md): streams {@code GET /v1/edge/events?after=N}
 * as NDJSON, applies events in order on a single thread of its own (which also persists state, off the event
 * loop), sends acks on the ack stream the control plane offers (else posts them in batches), drops the stream
 * after the idle timeout, and reconnects with exponential back-off and full jitter, resuming after the last
 * applied sequence.
 */
public final class ControlChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);
    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final EdgeSettings settings;
    private final ConfigHolder holder;
    private final EventApplier applier;
    private final StateStore state;
    private final HttpClient client;
    /** Built once: configuring a client copies its configuration, which is not free at one post per event. */
    private final HttpClient ackClient;
    private final Backoff backoff;
    // A one-thread bounded-elastic scheduler: ordered like a single thread, and allowed to block on file I/O.
    private final Scheduler applyThread = Schedulers.newBoundedElastic(1, 100_000, "edge-control");
    private final AtomicInteger attempt = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Disposable stream;
    private volatile Disposable reconnect;
    private final AckPump acks;
    private final AckStream ackStream;
    private volatile boolean closed;
    private volatile DiskUnverifiedReport diskUnverified;
    /** How long an ack post may take before it is abandoned and the acks behind it go in the next one. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    /** How often at most an advanced sequence alone (purges) is persisted. */
    static final Duration SEQ_SAVE_EVERY = Duration.ofSeconds(5);
    /** Applied changes not yet persisted (only touched on the apply thread). */
    private boolean configsDirty;
    private boolean seqDirty;
    private long lastSave = System.nanoTime() - SEQ_SAVE_EVERY.toNanos();

    public ControlChannel(EdgeSettings settings, ConfigHolder holder, EventApplier applier, StateStore state) {
        this.settings = settings;
        this.holder = holder;
        this.applier = applier;
        this.state = state;
        String base = settings.controlPlane().orElseThrow().toString().replaceAll("/+$", "");
        this.client = HttpClient.create()
                .baseUrl(base)
                .headers(h -> h.set("Authorization", "Bearer " + settings.edgeToken())
                        .set("X-Edge-Id", settings.nodeId())
                        .set("X-Edge-Role", settings.role().wireName())
                        .set("X-Edge-Pop", settings.pop()));
        this.ackClient = client.headers(h -> h.set("Content-Type", "application/json"));
        this.backoff = new Backoff(Duration.ofMillis(200), settings.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
        this.ackStream = new AckStream(client);
        this.acks = new AckPump(ACK_TIMEOUT, this::sendAcks);
        applier.lateAcks(acks::offer);
    }

    /**
     * Reports, once this node has caught up, the time it served its disk unverified (set before {@link #start()};
     * only for a node with a disk tier).
     */
    public void reportDiskUnverified(DiskUnverifiedReport report) {
        this.diskUnverified = report;
    }

    public void start() {
        connect();
    }

    /** Who answers the URL debugger's probes (docs/control-channel.md, "URL probes"); set before {@link #start()}. */
    private volatile java.util.function.Consumer<String> probeHandler;

    public void onProbe(java.util.function.Consumer<String> handler) {
        this.probeHandler = handler;
    }

    public long appliedSeq() {
        return applier.appliedSeq();
    }

    /** How many times a stream was opened (200 received); for tests and the admin view. */
    public int connections() {
        return connections.get();
    }

    private void connect() {
        if (closed) {
            return;
        }
        long after = applier.appliedSeq();
        stream = client
                .headers(h -> h.set("Accept", "application/x-ndjson"))
                .get()
                .uri("/v1/edge/events?after=" + after)
                .responseConnection((resp, conn) -> {
                    if (resp.status().code() != 200) {
                        return Flux.error(new IllegalStateException("control plane answered " + resp.status()));
                    }
                    attempt.set(0);
                    connections.incrementAndGet();
                    if (resp.responseHeaders().containsValue(AckStream.OFFER_HEADER, AckStream.NDJSON, true)) {
                        ackStream.open();
                    }
                    log.info("control channel connected, resuming after seq {}", after);
                    // Chunk boundaries fall anywhere, also inside a line: reassemble lines before decoding.
                    LineSplitter lines = new LineSplitter(MAX_LINE);
                    return conn.inbound().receive().asByteArray().concatMapIterable(lines::feed);
                })
                .timeout(settings.controlIdleTimeout())
                .publishOn(applyThread)
                .concatMap(line -> Mono.fromRunnable(() -> onLine(line)))
                .subscribe(null, this::scheduleReconnect, () -> scheduleReconnect(null));
    }

    /**
     * Applies one line and persists the state. Config changes are written at once (they are what a restart
     * needs); a purge only advances the sequence, which is written at most every few seconds, since replaying a
     * purge after a crash is harmless. While a backlog is replayed (a fresh edge gets every service's config under
     * one sequence number) nothing is written until the heartbeat that ends it.
     */
    private void onLine(String line) {
        java.util.function.Consumer<String> probes = probeHandler;
        if (probes != null && dev.cdn.edge.debug.ProbeResponder.isProbe(line)) {
            probes.accept(line); // a URL probe rides beside the events: not sequenced, not acknowledged
            return;
        }
        long before = applier.appliedSeq();
        try {
            var ack = applier.apply(line);
            ack.ifPresent(acks::offer);
            if (ack.isPresent() && ack.get().purgeId() == null) {
                configsDirty = true; // a config or a removal (purge and warm acks carry their id)
            } else if (applier.appliedSeq() != before) {
                seqDirty = true;
            }
        } catch (EventApplier.NotApplied e) {
            // Never move past an event that did not apply: NACK it, drop the stream, and resume after the applied
            // sequence (which stays before it) once reconnected, with back-off.
            log.warn("control event not applied, will replay it: {}", e.getMessage());
            acks.offer(e.nack());
            throw e;
        } catch (RuntimeException e) {
            log.warn("control event could not be applied, will replay it: {}", e.toString());
            throw e;
        }
        if (diskUnverified != null && applier.caughtUp()) {
            diskUnverified.due().ifPresent(this::sendDiskUnverified);
        }
        long now = System.nanoTime();
        boolean due = configsDirty || (seqDirty && now - lastSave > SEQ_SAVE_EVERY.toNanos());
        if (state != null && due && applier.caughtUp()) {
            try {
                state.save(holder.configs(), applier.appliedSeq());
                configsDirty = false;
                seqDirty = false;
                lastSave = now;
            } catch (java.io.IOException e) {
                log.warn("cannot persist edge state: {}", e.toString());
            }
        }
    }

    private void scheduleReconnect(Throwable error) {
        ackStream.close();
        if (closed) {
            return;
        }
        Duration delay = backoff.delay(attempt.getAndIncrement());
        log.info("control channel {}; reconnecting in {} ms", error == null ? "ended" : "failed: " + error,
                delay.toMillis());
        reconnect = Schedulers.parallel().schedule(this::connect, delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** On the ack stream when one is open, else as a request of its own. */
    private Mono<Void> sendAcks(List<Ack> batch) {
        byte[] json = WireCodec.writeBytes(new AckBatch(settings.nodeId(), role(), settings.pop(), batch));
        if (ackStream.trySend(json)) {
            return Mono.empty();
        }
        return postAcks(json).doOnError(e -> log.debug("ack post failed: {}", e.toString()));
    }

    /**
     * The time this node served its disk unverified, in a batch of its own (no acks ride on it: a control plane
     * older than the field refuses the batch, and loses nothing). Posted rather than put on the ack stream, so that
     * it counts as sent only once the control plane answered that it stored it; if not, it goes again after the
     * next event (at the latest the next heartbeat).
     */
    private void sendDiskUnverified(dev.cdn.config.DiskUnverifiedPeriod period) {
        DiskUnverifiedReport report = diskUnverified;
        byte[] json = WireCodec.writeBytes(new AckBatch(settings.nodeId(), role(), settings.pop(),
                List.of(), period));
        ackClient.post()
                .uri("/v1/edge/acks")
                .send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(json)))
                .responseSingle((resp, content) -> content.then(resp.status().code() / 100 == 2 ? Mono.empty()
                        : Mono.error(new IllegalStateException("control plane answered " + resp.status()))))
                .timeout(ACK_TIMEOUT)
                .subscribe(null, e -> {
                    log.warn("reporting the time the disk was served unverified failed, will retry: {}", e.toString());
                    report.failed();
                }, () -> {
                    log.info("reported {} ms of disk served unverified ({} responses) to the control plane",
                            java.time.Duration.between(period.since(), period.until()).toMillis(), period.hits());
                    report.sent();
                });
    }

    /** This node's role as the wire contract names it. */
    private NodeRole role() {
        return settings.role() == EdgeRole.SHIELD ? NodeRole.SHIELD : NodeRole.EDGE;
    }

    private Mono<Void> postAcks(byte[] json) {
        return ackClient.post()
                .uri("/v1/edge/acks")
                .send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(json)))
                .responseSingle((resp, content) -> content.then())
                .then();
    }

    @Override
    public void close() {
        closed = true;
        if (reconnect != null) {
            reconnect.dispose();
        }
        if (stream != null) {
            stream.dispose();
        }
        acks.close();
        ackStream.close();
        applyThread.dispose();
    }
}

package dev.cdn.edge.fleet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cdn.config.FleetCredential;
import dev.cdn.edge.control.Backoff;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A managed node's side of fleet trust: it holds this node's credential (fetched from the control plane and renewed
 * at half its life, so it is never presented expired) and the control plane's published keys, with which a shield
 * checks the credentials edges present. Checking costs an Ed25519 verification once per credential: a node's
 * credential is the same on every request until it is renewed, so verified credentials are remembered (bounded).
 * Nothing here blocks: the control plane is called with the non-blocking client, and a refused check of an unknown
 * key asks for the keys again in the background (at most every {@link #KEY_REFRESH_MIN}).
 */
public final class FleetTrust implements FleetGate {

    static final Duration KEY_REFRESH_MIN = Duration.ofSeconds(5);
    static final Duration KEY_REFRESH_EVERY = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(FleetTrust.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final Clock clock;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30),
            () -> ThreadLocalRandom.current().nextDouble());
    private final AtomicInteger attempt = new AtomicInteger();
    private final AtomicBoolean fetchingKeys = new AtomicBoolean();
    private final Cache<String, FleetCredential> verified = Caffeine.newBuilder().maximumSize(4096).build();
    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile long lastKeyFetch = Long.MIN_VALUE / 2;
    private volatile String credential;
    private volatile Disposable renewal;
    private volatile Disposable keyTicker;
    private volatile boolean closed;

    /**
     * @param controlPlane the control plane's base URL
     * @param edgeToken    the node's edge token (the control channel's credential)
     */
    public FleetTrust(String controlPlane, String edgeToken, String nodeId, String role, Clock clock) {
        this.clock = clock;
        this.client = HttpClient.create().baseUrl(controlPlane.replaceAll("/+$", ""))
                .responseTimeout(Duration.ofSeconds(10))
                .headers(h -> h.set("Authorization", "Bearer " + edgeToken).set("X-Edge-Id", nodeId)
                        .set("X-Edge-Role", role));
    }

    public void start() {
        renew();
        fetchKeys();
        keyTicker = reactor.core.publisher.Flux.interval(KEY_REFRESH_EVERY, KEY_REFRESH_EVERY)
                .onBackpressureDrop().subscribe(t -> fetchKeys());
    }

    public void close() {
        closed = true;
        Disposable r = renewal;
        if (r != null) {
            r.dispose();
        }
        Disposable k = keyTicker;
        if (k != null) {
            k.dispose();
        }
    }

    /** This node's current credential, or null until the control plane issued one. */
    public String credential() {
        return credential;
    }

    /** Whether the control plane's keys are known (a shield can check credentials). */
    public boolean ready() {
        return !keys.isEmpty();
    }

    @Override
    public FleetCredential.Refusal refusal(String presented) {
        if (presented == null || presented.isEmpty()) {
            return FleetCredential.Refusal.MISSING;
        }
        Instant now = clock.instant();
        FleetCredential known = verified.getIfPresent(presented);
        if (known != null) {
            return now.isBefore(known.expires()) ? null : FleetCredential.Refusal.EXPIRED;
        }
        FleetCredential.Check check = FleetCredential.check(presented, keys::get, now);
        if (check.ok()) {
            verified.put(presented, check.credential());
            return null;
        }
        if (check.refusal() == FleetCredential.Refusal.UNKNOWN_KEY) {
            fetchKeys(); // a key created since the last fetch
            if (keys.isEmpty()) {
                return FleetCredential.Refusal.NOT_READY;
            }
        }
        return check.refusal();
    }

    private void renew() {
        if (closed) {
            return;
        }
        renewal = client.post().uri("/v1/edge/credential")
                .responseSingle((res, body) -> res.status().code() == 200 ? body.asByteArray()
                        : Mono.error(new IllegalStateException("the control plane answered " + res.status().code())))
                .map(bytes -> (Map<?, ?>) JSON.readValue(bytes, Map.class))
                .subscribe(issued -> {
                    credential = (String) issued.get("credential");
                    attempt.set(0);
                    Duration life = Duration.between(clock.instant(), Instant.parse((String) issued.get("expiresAt")));
                    schedule(life.dividedBy(2).isNegative() ? Duration.ofSeconds(1) : life.dividedBy(2));
                }, e -> {
                    log.warn("fetching this node's fleet credential failed, retrying: {}", e.toString());
                    schedule(backoff.delay(attempt.getAndIncrement()));
                });
    }

    private void schedule(Duration in) {
        if (!closed) {
            renewal = Schedulers.parallel().schedule(this::renew, Math.max(1, in.toMillis()),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void fetchKeys() {
        long now = System.nanoTime();
        if (closed || now - lastKeyFetch < KEY_REFRESH_MIN.toNanos() || !fetchingKeys.compareAndSet(false, true)) {
            return;
        }
        lastKeyFetch = now;
        client.get().uri("/v1/edge/fleet-keys")
                .responseSingle((res, body) -> res.status().code() == 200 ? body.asByteArray()
                        : Mono.error(new IllegalStateException("the control plane answered " + res.status().code())))
                .map(FleetTrust::parseKeys)
                .doFinally(s -> fetchingKeys.set(false))
                .subscribe(fetched -> keys = fetched, e -> {
                    log.warn("fetching the fleet's keys failed: {}", e.toString());
                    lastKeyFetch = System.nanoTime() - KEY_REFRESH_MIN.toNanos() + Duration.ofSeconds(1).toNanos();
                });
    }

    private static Map<String, PublicKey> parseKeys(byte[] json) {
        Map<?, ?> body = JSON.readValue(json, Map.class);
        Map<String, PublicKey> out = new HashMap<>();
        for (Object k : (List<?>) body.get("keys")) {
            Map<?, ?> key = (Map<?, ?>) k;
            out.put((String) key.get("id"), FleetCredential.publicKey((String) key.get("publicKey")));
        }
        return Map.copyOf(out);
    }
}

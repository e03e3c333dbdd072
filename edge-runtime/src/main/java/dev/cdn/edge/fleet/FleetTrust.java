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
 *
 * <p>With a state directory, the credential and the keys are persisted as they arrive ({@link FleetStateFile}, off the
 * event loops) and read back at start, so a node restarted while the control plane is away keeps presenting its
 * credential until it expires and, as a shield, keeps checking edges' credentials.
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
    private volatile Map<String, String> publishedKeys = Map.of();
    private volatile Instant credentialExpires;
    private final FleetStateFile state;
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
        this(controlPlane, edgeToken, nodeId, role, clock, null);
    }

    /** @param stateDir the node's {@code --state-dir}, where the credential and keys are kept across restarts; or null */
    public FleetTrust(String controlPlane, String edgeToken, String nodeId, String role, Clock clock,
                      java.nio.file.Path stateDir) {
        this.clock = clock;
        this.state = stateDir == null ? null : new FleetStateFile(stateDir);
        this.client = HttpClient.create().baseUrl(controlPlane.replaceAll("/+$", ""))
                .responseTimeout(Duration.ofSeconds(10))
                .headers(h -> h.set("Authorization", "Bearer " + edgeToken).set("X-Edge-Id", nodeId)
                        .set("X-Edge-Role", role));
    }

    /** Reads what an earlier run persisted (blocking: call it before serving), then asks the control plane. */
    public void start() {
        restore();
        renew();
        fetchKeys();
        keyTicker = reactor.core.publisher.Flux.interval(KEY_REFRESH_EVERY, KEY_REFRESH_EVERY)
                .onBackpressureDrop().subscribe(t -> fetchKeys());
    }

    /** Stops renewing and fetching; returns once a state write in progress (if any) is done, and none starts after. */
    public void close() {
        closed = true;
        if (state != null) {
            synchronized (state) {
                // waits for a write that began before closed was set
            }
        }
        Disposable r = renewal;
        if (r != null) {
            r.dispose();
        }
        Disposable k = keyTicker;
        if (k != null) {
            k.dispose();
        }
    }

    /** This node's current credential, or null until the control plane issued one (or once a persisted one expired). */
    public String credential() {
        Instant expires = credentialExpires;
        return expires != null && !clock.instant().isBefore(expires) ? null : credential;
    }

    private void restore() {
        if (state == null) {
            return;
        }
        try {
            state.load().ifPresent(saved -> {
                if (saved.credential() != null && saved.expiresAt() != null
                        && clock.instant().isBefore(saved.expiresAt())) {
                    credential = saved.credential();
                    credentialExpires = saved.expiresAt();
                }
                publishedKeys = saved.keys();
                keys = publicKeys(saved.keys());
                log.info("fail-static: fleet credential {} and {} fleet keys read from the state directory",
                        credential == null ? "expired or absent" : "valid until " + credentialExpires, keys.size());
            });
        } catch (RuntimeException | java.io.IOException e) {
            log.warn("cannot read the persisted fleet credential and keys; asking the control plane: {}", e.toString());
        }
    }

    /** Persists the current credential and keys off the event loop; a failure costs only the next restart's head start. */
    private void persist() {
        if (state == null || closed) {
            return;
        }
        Schedulers.boundedElastic().schedule(() -> {
            // Read and written under one lock when the write runs: writes that overtake one another still leave the
            // newest credential and keys in the file.
            synchronized (state) {
                if (closed) {
                    return;
                }
                try {
                    state.save(new FleetStateFile.State(credential, credentialExpires, publishedKeys));
                } catch (java.io.IOException | RuntimeException e) {
                    log.warn("cannot persist the fleet credential and keys: {}", e.toString());
                }
            }
        });
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
                    Instant expires = Instant.parse((String) issued.get("expiresAt"));
                    credential = (String) issued.get("credential");
                    credentialExpires = expires;
                    attempt.set(0);
                    persist();
                    Duration life = Duration.between(clock.instant(), expires);
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
                .subscribe(fetched -> {
                    boolean changed = !fetched.equals(publishedKeys);
                    keys = publicKeys(fetched);
                    publishedKeys = fetched;
                    if (changed) {
                        persist();
                    }
                }, e -> {
                    log.warn("fetching the fleet's keys failed: {}", e.toString());
                    lastKeyFetch = System.nanoTime() - KEY_REFRESH_MIN.toNanos() + Duration.ofSeconds(1).toNanos();
                });
    }

    /** The published keys as sent: key id → base64 public key (checked by {@link #publicKeys}). */
    private static Map<String, String> parseKeys(byte[] json) {
        Map<?, ?> body = JSON.readValue(json, Map.class);
        Map<String, String> out = new HashMap<>();
        for (Object k : (List<?>) body.get("keys")) {
            Map<?, ?> key = (Map<?, ?>) k;
            out.put((String) key.get("id"), (String) key.get("publicKey"));
        }
        publicKeys(out); // a key that does not decode fails the fetch here, before anything is replaced
        return Map.copyOf(out);
    }

    private static Map<String, PublicKey> publicKeys(Map<String, String> published) {
        Map<String, PublicKey> out = new HashMap<>();
        published.forEach((id, base64) -> out.put(id, FleetCredential.publicKey(base64)));
        return Map.copyOf(out);
    }
}

package dev.cdn.edge.upstream;

import dev.cdn.config.HostNames;
import dev.cdn.config.Origin;
import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.config.ConfigSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Active health checks: every {@link HealthSettings#checkInterval()}, a {@code GET healthCheckPath} to each origin
 * that has one, among the origins this node uses in the current config (origins that left it are no longer checked,
 * and their state is dropped). A 2xx or 3xx within {@link HealthSettings#checkTimeout()} passes. Everything is
 * non-blocking: the timer runs on Reactor's parallel scheduler and the checks on the upstream client's event loops.
 */
public final class HealthChecker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);
    /** Checks in flight at once, so a large config does not open thousands of connections at the same instant. */
    private static final int CONCURRENCY = 32;

    /** One origin to check and the Host header to send. */
    private record Check(String serviceId, Origin origin, String host, dev.cdn.config.ServiceSettings settings) {
    }

    private final Supplier<ConfigSnapshot> config;
    private final UpstreamSelector selector;
    private final OriginHealthRegistry registry;
    private final UpstreamClient clients;
    private final String userAgent;
    private Disposable timer;

    public HealthChecker(Supplier<ConfigSnapshot> config, UpstreamSelector selector, OriginHealthRegistry registry,
                         UpstreamClient clients, String nodeId) {
        this.config = config;
        this.selector = selector;
        this.registry = registry;
        this.clients = clients;
        this.userAgent = "cdn-edge-health-check (" + nodeId + ")";
    }

    /** Starts the timer; the first round runs one interval from now. */
    public void start() {
        Duration every = registry.settings().checkInterval();
        timer = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> checkNow().onErrorResume(e -> {
                    log.warn("health check round failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    /** Runs one round now: forgets origins that left the config, checks the others; completes when all answered. */
    public Mono<Void> checkNow() {
        return Mono.defer(() -> {
            ConfigSnapshot snapshot = config.get();
            Map<OriginHealthRegistry.Key, Origin> inUse = selector.originsInUse(snapshot);
            registry.sync(inUse);
            List<Check> checks = new ArrayList<>();
            for (CompiledService s : snapshot.services().values()) {
                for (Origin o : s.config().origins()) {
                    if (o.healthCheckPath() != null && inUse.containsKey(new OriginHealthRegistry.Key(s.id(), o.name()))) {
                        checks.add(new Check(s.id(), o, hostHeader(s, o), s.config().settings()));
                    }
                }
            }
            return Flux.fromIterable(checks).flatMap(this::check, CONCURRENCY).then();
        });
    }

    private Mono<Void> check(Check c) {
        Origin o = c.origin();
        OriginHealth health = registry.of(c.serviceId(), o);
        Duration timeout = registry.settings().checkTimeout();
        int connectMs = (int) Math.min(o.connectTimeoutMs(), timeout.toMillis());
        // No OriginHealth on the target: a check is not traffic, so the passive hook leaves it alone.
        UpstreamTarget target = new UpstreamTarget(o.host(), o.port(), o.tls(), null, connectMs,
                (int) timeout.toMillis(), null, null, RouteStep.ORIGIN);
        return clients.client(target)
                .headers(h -> {
                    h.set("Host", c.host()).set("User-Agent", userAgent).set("Accept", "*/*");
                    // An origin that admits only the CDN's requests admits its health checks too.
                    dev.cdn.edge.secrets.OriginAuthHeader.apply(c.settings(), h, true);
                })
                .responseTimeout(timeout)
                .get()
                .uri(o.healthCheckPath())
                .response((res, body) -> body.then(Mono.just(res.status().code())))
                .next()
                .timeout(timeout)
                .map(status -> status < 400 ? "" : "health check answered " + status)
                .onErrorResume(e -> Mono.just("health check failed: " + OriginHealth.describe(e)))
                .doOnNext(error -> {
                    boolean passed = error.isEmpty();
                    health.checked(passed ? null : error);
                    registry.recorder().checked(c.serviceId(), o.name(), passed);
                })
                .then();
    }

    /**
     * The origin's {@code hostHeader}; else the service's first exact domain, as real traffic carries a service
     * domain; else the origin's own host.
     */
    static String hostHeader(CompiledService s, Origin o) {
        if (o.hostHeader() != null) {
            return o.hostHeader();
        }
        for (String d : s.config().domains()) {
            if (!d.startsWith("*.")) {
                return HostNames.normalize(d);
            }
        }
        return o.host();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.dispose();
        }
    }
}

package dev.cdn.geodns;

import dev.cdn.geodns.admin.AdminServer;
import dev.cdn.geodns.choice.Chooser;
import dev.cdn.geodns.live.ControlPlaneFeed;
import dev.cdn.geodns.live.LiveData;
import dev.cdn.geodns.metrics.DnsMetrics;
import dev.cdn.geodns.wire.DnsServer;
import dev.cdn.geodns.wire.Responder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;

/**
 * The responder assembled in one place: the operator's files and the control plane feed publish immutable
 * {@link RoutingSnapshot}s into one reference, and the DNS listener and the explain endpoint read it.
 */
public final class GeoDns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GeoDns.class);

    private final AtomicReference<RoutingSnapshot> snapshot;
    private final PrometheusMeterRegistry registry;
    private final DnsServer dns;
    private final DisposableServer admin;
    private final LoopResources adminLoops;
    private final ScheduledExecutorService poller;
    private final ControlPlaneFeed feed;

    private GeoDns(AtomicReference<RoutingSnapshot> snapshot, PrometheusMeterRegistry registry, DnsServer dns,
                   DisposableServer admin, LoopResources adminLoops, ScheduledExecutorService poller, ControlPlaneFeed feed) {
        this.adminLoops = adminLoops;
        this.snapshot = snapshot;
        this.registry = registry;
        this.dns = dns;
        this.admin = admin;
        this.poller = poller;
        this.feed = feed;
    }

    /**
     * Starts from command-line flags (as {@code cdn-geodns} takes them) and environment; {@code uniform} is the
     * random source of exploration (a seeded one in tests).
     *
     * @throws IllegalArgumentException naming the flag that is wrong
     */
    public static GeoDns start(String[] args, Map<String, String> env, DoubleSupplier uniform)
            throws IOException, InterruptedException {
        return start(GeoDnsSettings.parse(args, env), Clock.systemUTC(), uniform);
    }

    static GeoDns start(GeoDnsSettings s, Clock clock, DoubleSupplier uniform) throws IOException, InterruptedException {
        SourceFiles files = new SourceFiles(s.pops(), s.locations());
        SourceFiles.Loaded loaded = files.load();
        AtomicReference<RoutingSnapshot> snapshot = new AtomicReference<>(RoutingSnapshot.of(loaded.pops(),
                loaded.locations(), LiveData.staticOnly(s.hostNames()), s.zone().zones()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Chooser chooser = new Chooser(s.choice());
        Responder responder = new Responder(snapshot::get, chooser, s.zone(), uniform);
        DnsServer dns = new DnsServer(responder, new DnsMetrics(registry), s.zone().maxQueryBytes(), s.tcpIdle())
                .start(s.dnsHost(), s.dnsPort());
        AdminServer adminServer = new AdminServer(s.adminToken(), snapshot::get, chooser, s.zone().answerTtl(), registry);
        DisposableServer admin = adminServer.bind(s.adminHost(), s.adminPort());
        ControlPlaneFeed feed = s.controlPlane() == null ? null : new ControlPlaneFeed(s.controlPlane(), s.operatorToken(),
                Duration.ofSeconds(5), () -> snapshot.get().pops(),
                live -> snapshot.updateAndGet(snap -> snap.withLive(withStatic(live, s.hostNames()))), clock, registry);
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "geodns-poll");
            t.setDaemon(true);
            return t;
        });
        Counter reloadFailures = Counter.builder("geodns_file_reload_failures")
                .description("Re-reads of the PoP or IP-to-location file that failed (the last good files keep serving)")
                .register(registry);
        poller.scheduleWithFixedDelay(() -> {
            try {
                files.reloadIfChanged().ifPresent(next -> {
                    snapshot.updateAndGet(snap -> snap.withFiles(next.pops(), next.locations()));
                    log.info("reloaded {} PoPs and {} location blocks", next.pops().size(), next.locations().size());
                });
            } catch (IOException | RuntimeException e) {
                reloadFailures.increment();
                log.error("not applied: {}", e.getMessage());
            }
            if (feed != null) {
                feed.pollOnce();
            }
        }, 0, s.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        return new GeoDns(snapshot, registry, dns, admin, adminServer.loops(), poller, feed);
    }

    private static LiveData withStatic(LiveData live, Set<String> hostNames) {
        Set<String> all = new HashSet<>(live.hostNames());
        all.addAll(hostNames);
        return new LiveData(all, live.health(), live.fetchedAt(), live.load());
    }

    public InetSocketAddress dnsAddress() {
        return dns.address();
    }

    public InetSocketAddress adminAddress() {
        return (InetSocketAddress) admin.address();
    }

    RoutingSnapshot snapshot() {
        return snapshot.get();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }


    @Override
    public void close() {
        poller.shutdownNow();
        admin.disposeNow();
        adminLoops.dispose();
        dns.close();
    }
}

package dev.cdn.edge;

import dev.cdn.edge.admin.AdminServer;
import dev.cdn.edge.admin.Readiness;
import dev.cdn.edge.admin.Warmer;
import dev.cdn.edge.coalesce.FillLock;
import dev.cdn.edge.coalesce.HitForMiss;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.config.FileConfigWatcher;
import dev.cdn.edge.control.DiskUnverifiedReport;
import dev.cdn.edge.control.EventApplier;
import dev.cdn.edge.esi.EsiFront;
import dev.cdn.edge.logs.LogShipper;
import dev.cdn.edge.memory.ByteBudget;
import dev.cdn.edge.metrics.EdgeMetrics;
import dev.cdn.edge.prefetch.LoopbackFetch;
import dev.cdn.edge.prefetch.ShieldPrefetcher;
import dev.cdn.edge.protect.GeoDatabase;
import dev.cdn.edge.proxy.EdgeHandler;
import dev.cdn.edge.purge.StorePurger;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.store.DirectBodies;
import dev.cdn.edge.store.DiskTrustGate;
import dev.cdn.edge.store.MemoryFiles;
import dev.cdn.edge.store.MemoryStorage;
import dev.cdn.edge.store.PurgeEpochs;
import dev.cdn.edge.store.TieredStorage;
import dev.cdn.edge.tls.AcmeChallengeAnswers;
import dev.cdn.edge.tls.AcmeChallengeFront;
import dev.cdn.edge.tls.PushedCertificates;
import dev.cdn.edge.tls.TlsProvider.TlsEngine;
import dev.cdn.edge.topology.LiveShieldTier;
import dev.cdn.edge.upstream.Bulkheads;
import dev.cdn.edge.upstream.HealthChecker;
import dev.cdn.edge.upstream.OriginAddressGuard;
import dev.cdn.edge.upstream.OriginHealth;
import dev.cdn.edge.upstream.OriginHealthRegistry;
import dev.cdn.edge.upstream.ShieldTier;
import dev.cdn.edge.upstream.UpstreamClient;
import dev.cdn.edge.upstream.UpstreamSelector;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A running edge node: the client-facing listeners, the admin listener, and the config source (file watcher or
 * control channel). The constructor builds the parts in one place, {@link #start} starts them and binds, and
 * {@link #close} stops everything in one order. Its pieces: {@link NodeStateLoader} (what a restart finds),
 * {@link NodeListeners} (binding), {@link ControlPlaneLinks} (what a managed node runs against its control plane).
 */
public final class EdgeNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeNode.class);

    /** How long a restarted node fed by a control plane waits to catch up before it serves its disk anyway. */
    static final Duration DISK_FAIL_STATIC_AFTER = Duration.ofSeconds(10);

    private final EdgeSettings settings;
    private final ConfigHolder config;
    private final TieredStorage storage;
    private final StorePurger purger;
    private final EdgeMetrics metrics;
    private final UpstreamClient upstream;
    private final EventApplier applier;
    private final OriginHealthRegistry originHealth;
    /** The shield tier misses are routed by: flags until the control plane pushes a topology (docs/routing.md). */
    private final LiveShieldTier shieldTier;
    private final UpstreamSelector selector;
    private final HealthChecker healthChecker;
    private final EdgeHandler handler;
    /** What {@code GET /readyz} answers from. */
    private final Readiness readiness;
    /** What the node tells the control plane about the time it served its disk unverified; null without a disk. */
    private DiskUnverifiedReport diskUnverified;
    private final PushedCertificates tenantCertificates;
    /** The TLS implementation of the client-facing TLS listener, resolved once at start. */
    private final TlsEngine tlsEngine;
    private final AcmeChallengeAnswers acmeAnswers = new AcmeChallengeAnswers();
    private final NodeListeners listeners;
    private final ControlPlaneLinks controlPlane;
    private FileConfigWatcher watcher;

    private EdgeNode(EdgeSettings settings) {
        this.settings = settings;
        try {
            this.tlsEngine = settings.tlsProvider().resolve();
        } catch (IllegalStateException e) {
            throw new EdgeStartException("cannot start the TLS listener: " + e.getMessage(), e);
        }
        this.tenantCertificates = new PushedCertificates(tlsEngine);
        this.listeners = new NodeListeners(settings);
        this.controlPlane = new ControlPlaneLinks(settings);
        NodeStateLoader persisted = new NodeStateLoader(settings);
        PurgeEpochs epochs = new PurgeEpochs();
        this.storage = new TieredStorage(new MemoryStorage(settings.memoryBytes(), memoryFiles(settings)),
                persisted.disk(epochs), epochs);
        FillLock fills = new FillLock(settings.lockTimeout(), epochs);
        // The purger normalizes URLs under the served config, and a service that stops being served is purged.
        AtomicReference<StorePurger> purges = new AtomicReference<>();
        this.config = new ConfigHolder(serviceId -> purges.get().purgeService(serviceId));
        this.purger = new StorePurger(storage, epochs, fills, () -> config);
        purges.set(purger);
        this.metrics = new EdgeMetrics(storage);
        metrics.directBodies(storage.memory().bodies());
        long directLimit = PlatformDependent.maxDirectMemory();
        if (!DirectBodies.withoutCleaner() && storage.memory().bodies().maxBytes() > directLimit / 2) {
            // With a cleaner, running into the JVM's limit makes allocations call System.gc() and wait.
            log.warn("RAM tier bodies may take {} bytes of direct memory, more than half of the JVM's {}: raise "
                    + "-XX:MaxDirectMemorySize or run the jar with java -jar (Add-Opens java.base/java.nio)",
                    storage.memory().bodies().maxBytes(), directLimit);
        }
        if (storage.disk() != null) {
            metrics.disk(storage.disk());
        }
        ByteBudget fillBudget = new ByteBudget(settings.fillBufferBytes());
        metrics.fillBudget(fillBudget);
        metrics.fills(fills);
        Bulkheads bulkheads = new Bulkheads(settings.bulkheads(), metrics::bulkheadRefused);
        metrics.bulkheads(bulkheads);
        this.upstream = new UpstreamClient(settings.nodeId(), new OriginAddressGuard(settings.allowedPrivateOrigins(),
                listeners::ports, metrics::originAddressRefused), settings.originResolver(),
                settings.upstreamTimeouts(), bulkheads);
        NodeStateLoader.PersistedServices services = persisted.services(config);
        this.applier = new EventApplier(config, purger, services.appliedSeq());
        this.originHealth = new OriginHealthRegistry(settings.health(), settings.clock(), metrics.health());
        this.shieldTier = new LiveShieldTier(new ShieldTier(settings.shields(), settings.region(),
                settings.health(), settings.clock(), metrics::shieldRequest), settings.pop(), settings.region());
        persisted.topology(shieldTier, applier);
        this.selector = new UpstreamSelector(settings.role(), shieldTier, originHealth, settings.shieldDown());
        this.healthChecker = new HealthChecker(config::current, selector, originHealth, upstream, settings.nodeId());
        this.handler = new EdgeHandler(settings.nodeId(), settings.role(), config, storage, epochs, purger,
                fills, new HitForMiss(settings.hitForMiss(), settings.clock()),
                upstream, selector, metrics, settings.clock(), fillBudget);
        if (settings.role() == EdgeRole.SHIELD && settings.prefetch().enabled()) {
            ShieldPrefetcher prefetcher = new ShieldPrefetcher(settings.prefetch(),
                    () -> settings.clock().millis() * 1_000_000L, new LoopbackFetch(this::port, handler::fleetCredential), metrics::prefetch);
            metrics.prefetchLearner(prefetcher.learner());
            handler.prefetchWith(prefetcher);
        }
        if (settings.controlPlane().isPresent()) {
            // Where the node stands with the event log, from the moment it is built: readiness reads it, and so does
            // the disk tier.
            DiskTrustGate gate = new DiskTrustGate(applier::caughtUp, settings.clock(), DISK_FAIL_STATIC_AFTER);
            this.readiness = Readiness.managed(gate, services.loaded(), storage.disk());
            if (storage.disk() != null) {
                // Here, before any listener binds: caught up with the control plane, or past the fail-static timeout
                // the disk is served marked as unverified (docs/operations.md, "Purges survive an edge restart").
                handler.diskTrust(gate);
                metrics.diskTrust(gate);
                diskUnverified = new DiskUnverifiedReport(gate.failStaticAt(), settings.clock(), metrics::diskUnverifiedHits);
            }
        } else {
            this.readiness = Readiness.standalone(storage.disk());
        }
    }

    /** Starts a node: loads its config source, binds the servers and returns. */
    public static EdgeNode start(EdgeSettings settings) {
        EdgeNode node = new EdgeNode(settings);
        try {
            node.startParts();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /**
     * The memory-backed directory for large RAM-tier bodies, checked: it must be a tmpfs, since a body there is sent with
     * sendfile on an event loop, which on a disk-backed file could wait for the disk. Null when none is set.
     */
    static MemoryFiles memoryFiles(EdgeSettings settings) {
        Path dir = settings.memoryFilesDir().orElse(null);
        if (dir == null) {
            return null;
        }
        try {
            Files.createDirectories(dir);
            String type = Files.getFileStore(dir).type();
            if (!"tmpfs".equals(type)) {
                throw new EdgeStartException("--memory-files " + dir + " is on a " + type
                        + " file system; it must be a tmpfs (memory-backed), such as /dev/shm", null);
            }
            Files.delete(Files.createTempFile(dir, "probe-", ".tmp"));
        } catch (IOException e) {
            throw new EdgeStartException("cannot use --memory-files " + dir + ": " + e, e);
        }
        log.info("RAM-tier bodies of {} bytes and more are kept in files in {} and sent with sendfile",
                MemoryFiles.DEFAULT_FROM_BYTES, dir);
        return new MemoryFiles(dir, MemoryFiles.DEFAULT_FROM_BYTES);
    }

    private void startParts() {
        // Before any listener binds: a shield never answers a request it has not checked.
        controlPlane.startBeforeListeners(applier, tenantCertificates, acmeAnswers, upstream, handler);
        settings.geoFile().ifPresent(file -> {
            try {
                handler.geo(GeoDatabase.load(file));
            } catch (IOException | IllegalArgumentException e) {
                throw new EdgeStartException("cannot use geo file " + file + ": " + e.getMessage(), e);
            }
        });
        settings.configFile().ifPresent(file -> {
            watcher = new FileConfigWatcher(file, config);
            watcher.start(settings.configPollInterval());
        });
        bindClientListeners();
        AdminServer adminServer = new AdminServer(settings.adminToken(), purger, config, metrics, this::appliedSeq,
                new Warmer.Listeners(this::port, listeners::tlsPortOrNone, settings.role() == EdgeRole.SHIELD,
                        controlPlane.ownCredential()), readiness);
        adminServer.topology(shieldTier::view);
        listeners.bindAdmin(adminServer);
        applier.warmRunner((command, done) -> {
            if (!settings.role().wireName().equals(command.role())) {
                return false; // the other tier's turn
            }
            adminServer.warmer().warm(command.serviceId(), command.urls(), command.ratePerSecond()).collectList()
                    .subscribe(outcomes -> {
                        List<String> failed = outcomes.stream()
                                .filter(o -> o.error() != null || o.status() >= 400)
                                .map(o -> o.url() + " (" + (o.error() != null ? o.error() : "status " + o.status()) + ")")
                                .toList();
                        done.accept(failed.isEmpty() ? null : failed.size() + " of " + outcomes.size()
                                + " URLs failed: " + String.join(", ", failed.subList(0, Math.min(5, failed.size()))));
                    }, error -> done.accept("warming failed: " + error));
            return true;
        });
        healthChecker.start();
        controlPlane.startAfterListeners(config, applier, metrics, diskUnverified, storage, selector,
                this::originHealth, listeners::openConnections, handler);
        log.info("edge {} ({}, pop {}) listening on {}:{}, admin on {}:{}", settings.nodeId(), settings.role().wireName(),
                settings.pop(), settings.listenHost(), port(), settings.adminHost(), adminPort());
    }

    /** The plain listener, then the TLS-offload and TLS ones the settings ask for, each with its front. */
    private void bindClientListeners() {
        // ESI pages are assembled at the edge tier only: a shield stores and serves them as the origin sent them.
        EsiFront esi = settings.role() == EdgeRole.EDGE
                ? new EsiFront(config, settings.esiLimits(), settings.esiAllowedHosts(), metrics.esi()) : null;
        BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> front =
                esi == null ? handler : esi.wrap(handler);
        // ACME HTTP-01 validation (RFC 8555 8.3) reaches the plain listener on port 80 only.
        listeners.bindPlain(AcmeChallengeFront.wrap(acmeAnswers, front));
        if (settings.tlsOffload()) {
            listeners.bindTlsOffload(esi == null ? handler.offloadedTls() : esi.wrap(handler.offloadedTls()));
        }
        if (controlPlane.shieldCertificate() != null && !settings.tls()) {
            listeners.bindShieldTls(front, controlPlane.shieldCertificate());
        }
        if (settings.tls()) {
            listeners.bindTls(front, tlsEngine, tenantCertificates, controlPlane.shieldCertificate(),
                    metrics.registry());
        }
    }

    /** Whether this managed edge has fetched the fleet CA it verifies https shields with. */
    public boolean fleetCaReady() {
        return controlPlane.fleetCaReady();
    }

    /** The fleet certificate this shield serves now; null before the first, or without {@code --fleet-cert-names}. */
    public X509Certificate fleetCertificate() {
        return controlPlane.fleetCertificate();
    }

    public int port() {
        return listeners.port();
    }

    /** The TLS listener's port; only with {@link EdgeSettings#tls()}. */
    public int tlsPort() {
        return listeners.tlsPort();
    }

    /** Reads the certificate directory now instead of at the next interval (tests rotate certificates with this). */
    public void reloadCertificates() {
        listeners.reloadCertificates();
    }

    /** The TLS-offload listener's port; only with {@link EdgeSettings#tlsOffload()}. */
    public int tlsOffloadPort() {
        return listeners.tlsOffloadPort();
    }

    public int adminPort() {
        return listeners.adminPort();
    }

    /** The version of a service's config currently served, if it is served. */
    public OptionalLong configVersion(String serviceId) {
        return config.version(serviceId);
    }

    /**
     * Standalone mode: checks the config file now instead of at the next poll (tests drive reloads with this
     * rather than waiting for the poll interval). A no-op in managed mode.
     */
    public void pollConfigFile() {
        if (watcher != null) {
            watcher.poll();
        }
    }

    /**
     * Runs one round of active origin health checks now and returns when every check answered or timed out (tests
     * drive checks with this instead of waiting for the interval). Call it off the event loops.
     */
    public void checkOriginsNow() {
        healthChecker.checkNow().block(settings.health().checkTimeout().plusSeconds(5));
    }

    /**
     * What this node knows of the origins it uses in the current config (also what it reports to the control
     * plane); origins that left the config are dropped first.
     */
    public List<OriginHealth.View> originHealth() {
        originHealth.sync(selector.originsInUse(config.current()));
        return originHealth.views();
    }

    /** Sends the traffic counted so far to the control plane now, rather than at the next period (managed mode). */
    public void reportStatsNow() {
        controlPlane.reportStatsNow();
    }

    /** The highest control-channel sequence applied (0 in standalone mode). */
    public long appliedSeq() {
        return applier.appliedSeq();
    }

    /** The access-log shipper (managed mode), or null; for the admin view and tests. */
    public LogShipper logShipper() {
        return controlPlane.logShipper();
    }

    /** Blocks the calling (non-event-loop) thread until the client server is closed. */
    public void awaitClose() {
        listeners.awaitClose();
    }

    /**
     * Stops everything, also after a start that failed half way. The order: first what makes work on its own (health
     * checks, the control plane's channel and reports, the config watcher), so nothing new is set in motion; then the
     * client listeners, whose requests in flight finish before their connections end; then the certificate directory
     * their handshakes read; then the admin listener, which answers until the clients are gone; then the upstream
     * client their fills used; and the storage tiers last, once nothing reads a body any more.
     */
    @Override
    public void close() {
        healthChecker.close();
        controlPlane.close();
        if (watcher != null) {
            watcher.close();
        }
        listeners.closeClientListeners();
        listeners.closeCertificates();
        listeners.closeAdmin();
        upstream.close();
        if (storage.disk() != null) {
            storage.disk().close();
        }
        storage.memory().close(); // the listeners are gone: give every body back to direct memory
    }

    /** A node could not start: a port in use, an unreadable config file. */
    public static final class EdgeStartException extends RuntimeException {
        public EdgeStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

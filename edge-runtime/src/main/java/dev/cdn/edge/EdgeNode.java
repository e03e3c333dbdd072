package dev.cdn.edge;

import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.admin.AdminServer;
import dev.cdn.edge.admin.Readiness;
import dev.cdn.edge.admin.Warmer;
import dev.cdn.edge.memory.ByteBudget;
import dev.cdn.edge.coalesce.FillLock;
import dev.cdn.edge.coalesce.HitForMiss;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.config.FileConfigWatcher;
import dev.cdn.edge.config.StateStore;
import dev.cdn.edge.control.ControlChannel;
import dev.cdn.edge.control.ControlMeters;
import dev.cdn.edge.control.DiskUnverifiedReport;
import dev.cdn.edge.control.EventApplier;
import dev.cdn.edge.control.StatsReporter;
import dev.cdn.edge.debug.ProbeResponder;
import dev.cdn.edge.logs.AccessLog;
import dev.cdn.edge.proxy.UrlTracer;
import dev.cdn.edge.logs.LogBuffer;
import dev.cdn.edge.logs.LogMeters;
import dev.cdn.edge.logs.LogShipper;
import dev.cdn.edge.esi.EsiFront;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import dev.cdn.edge.metrics.EdgeMetrics;
import dev.cdn.edge.proxy.EdgeHandler;
import dev.cdn.edge.purge.Purger;
import dev.cdn.edge.purge.StorePurger;
import dev.cdn.edge.store.PurgeEpochs;
import dev.cdn.edge.store.MemoryStorage;
import dev.cdn.edge.store.DiskStorage;
import dev.cdn.edge.store.DiskTrustGate;
import dev.cdn.edge.store.TieredStorage;
import dev.cdn.edge.upstream.Bulkheads;
import dev.cdn.edge.upstream.HealthChecker;
import dev.cdn.edge.upstream.OriginHealth;
import dev.cdn.edge.upstream.OriginHealthRegistry;
import dev.cdn.edge.upstream.OriginAddressGuard;
import dev.cdn.edge.upstream.ShieldTier;
import dev.cdn.edge.upstream.UpstreamClient;
import dev.cdn.edge.upstream.UpstreamSelector;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.cdn.edge.tls.CertificateDirectory;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * A running edge node: the client-facing server, the admin server, and the config source (file watcher or
 * control channel). {@link #start} wires the parts in one place and binds; {@link #close} stops everything.
 */
public final class EdgeNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeNode.class);

    private final EdgeSettings settings;
    private final ConfigHolder config;
    private final TieredStorage storage;
    private final StorePurger purger;
    private final EdgeMetrics metrics;
    private final UpstreamClient upstream;
    private final EventApplier applier;
    private final OriginHealthRegistry originHealth;
    private final UpstreamSelector selector;
    private final HealthChecker healthChecker;
    private FileConfigWatcher watcher;
    /** How often traffic counters go to the control plane (docs/control-channel.md, "Statistics"). */
    static final java.time.Duration STATS_EVERY = java.time.Duration.ofSeconds(5);

    /** How long a restarted node fed by a control plane waits to catch up before it serves its disk anyway. */
    static final java.time.Duration DISK_FAIL_STATIC_AFTER = java.time.Duration.ofSeconds(10);
    /** How often the TLS certificate directory is read again for rotated certificates. */
    static final java.time.Duration TLS_RELOAD_INTERVAL = java.time.Duration.ofSeconds(10);

    private ControlChannel control;
    /** Fleet trust of a managed node (null when standalone or turned off). */
    private dev.cdn.edge.fleet.FleetTrust fleet;
    private StatsReporter stats;
    private LogShipper logShipper;
    /** At most this many access records wait for the control plane; past it they are dropped and counted. */
    static final int LOG_BUFFER_RECORDS = 10_000;
    static final int LOG_BATCH_RECORDS = 500;
    static final Duration LOG_SHIP_EVERY = Duration.ofMillis(500);
    static final Duration LOG_SHIP_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Every client connection of the client-facing listeners, so {@link #close} ends them too: without it a closed
     * node kept serving its open keep-alive connections, and a client that reused one reached a node that was gone.
     */
    private final ChannelGroup clientConnections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private DisposableServer server;
    private DisposableServer tlsServer;
    /** A managed edge's trust for https shields: the fleet CA (null otherwise). */
    private dev.cdn.edge.shieldtls.FleetCa fleetCa;
    /** A shield's fleet certificate, with {@code --fleet-cert-names} (null otherwise). */
    private dev.cdn.edge.shieldtls.ShieldCertificate shieldCertificate;
    private DisposableServer tlsOffloadServer;
    private CertificateDirectory certificates;
    private final dev.cdn.edge.tls.PushedCertificates tenantCertificates;
    /** The TLS implementation of the client-facing TLS listener, resolved once at start. */
    private final dev.cdn.edge.tls.TlsProvider.TlsEngine tlsEngine;
    private final dev.cdn.edge.tls.AcmeChallengeAnswers acmeAnswers = new dev.cdn.edge.tls.AcmeChallengeAnswers();
    private dev.cdn.edge.tls.CertificateFetcher certificateFetcher;
    private DisposableServer admin;

    private EdgeNode(EdgeSettings settings) {
        this.settings = settings;
        try {
            this.tlsEngine = settings.tlsProvider().resolve();
        } catch (IllegalStateException e) {
            throw new EdgeStartException("cannot start the TLS listener: " + e.getMessage(), e);
        }
        this.tenantCertificates = new dev.cdn.edge.tls.PushedCertificates(tlsEngine);
        PurgeEpochs epochs = new PurgeEpochs();
        this.storage = new TieredStorage(new MemoryStorage(settings.memoryBytes()),
                settings.diskDir().map(dir -> loadDisk(dir, settings.diskBytes(), settings.diskWriteQueueBytes(), epochs)).orElse(null), epochs);
        FillLock fills = new FillLock(settings.lockTimeout(), epochs);
        // The purger normalizes URLs under the served config, and a service that stops being served is purged.
        java.util.concurrent.atomic.AtomicReference<StorePurger> purges = new java.util.concurrent.atomic.AtomicReference<>();
        this.config = new ConfigHolder(serviceId -> purges.get().purgeService(serviceId));
        this.purger = new StorePurger(storage, epochs, fills, () -> config);
        purges.set(purger);
        this.metrics = new EdgeMetrics(storage);
        metrics.directBodies(storage.memory().bodies());
        long directLimit = io.netty.util.internal.PlatformDependent.maxDirectMemory();
        if (!dev.cdn.edge.store.DirectBodies.withoutCleaner()
                && storage.memory().bodies().maxBytes() > directLimit / 2) {
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
                this::listeningPorts, metrics::originAddressRefused), settings.originResolver(),
                settings.upstreamTimeouts(), bulkheads);
        long seq = loadState();
        this.applier = new EventApplier(config, purger, seq);
        this.originHealth = new OriginHealthRegistry(settings.health(), settings.clock(), metrics.health());
        this.shieldTier = new dev.cdn.edge.topology.LiveShieldTier(new ShieldTier(settings.shields(), settings.region(),
                settings.health(), settings.clock(), metrics::shieldRequest), settings.pop(), settings.region());
        loadTopology();
        this.selector = new UpstreamSelector(settings.role(), shieldTier, originHealth, settings.shieldDown());
        this.healthChecker = new HealthChecker(config::current, selector, originHealth, upstream, settings.nodeId());
        this.handler = new EdgeHandler(settings.nodeId(), settings.role(), config, storage, epochs, purger,
                fills, new HitForMiss(settings.hitForMiss(), settings.clock()),
                upstream, selector, metrics, settings.clock(), fillBudget);
        if (settings.role() == EdgeRole.SHIELD && settings.prefetch().enabled()) {
            dev.cdn.edge.prefetch.ShieldPrefetcher prefetcher = new dev.cdn.edge.prefetch.ShieldPrefetcher(
                    settings.prefetch(), () -> settings.clock().millis() * 1_000_000L,
                    new dev.cdn.edge.prefetch.LoopbackFetch(this::port), metrics::prefetch);
            metrics.prefetchLearner(prefetcher.learner());
            handler.prefetchWith(prefetcher);
        }
        if (settings.controlPlane().isPresent()) {
            // Where the node stands with the event log, from the moment it is built: readiness reads it, and so does
            // the disk tier.
            DiskTrustGate gate = new DiskTrustGate(applier::caughtUp, settings.clock(), DISK_FAIL_STATIC_AFTER);
            this.readiness = Readiness.managed(gate, persistedStateLoaded, storage.disk());
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

    private final EdgeHandler handler;
    /** What {@code GET /readyz} answers from. */
    private final Readiness readiness;
    /** True when the last good configs were loaded from {@code --state-dir} at start (fail static). */
    private boolean persistedStateLoaded;
    /** What the node tells the control plane about the time it served its disk unverified; null without a disk. */
    private DiskUnverifiedReport diskUnverified;

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

    private void startParts() {
        // Before any listener binds: a shield never answers a request it has not checked.
        if (settings.controlPlane().isPresent()) {
            // Tenants' certificates and ACME answers: fetched at start and whenever the control plane says so.
            certificateFetcher = new dev.cdn.edge.tls.CertificateFetcher(settings.controlPlane().get().toString(),
                    settings.edgeToken(), settings.nodeId(), settings.role().wireName(), tenantCertificates,
                    acmeAnswers);
            applier.certificatesChanged(certificateFetcher::fetch);
            certificateFetcher.start();
        }
        startShieldTls();
        if (settings.fleetTrust()) {
            fleet = new dev.cdn.edge.fleet.FleetTrust(settings.controlPlane().get().toString(), settings.edgeToken(),
                    settings.nodeId(), settings.role().wireName(), settings.clock(), settings.stateDir().orElse(null));
            fleet.start();
            handler.fleet(fleet, fleet::credential);
        }
        settings.geoFile().ifPresent(file -> {
            try {
                handler.geo(dev.cdn.edge.protect.GeoDatabase.load(file));
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new EdgeStartException("cannot use geo file " + file + ": " + e.getMessage(), e);
            }
        });
        settings.configFile().ifPresent(file -> {
            watcher = new FileConfigWatcher(file, config);
            watcher.start(settings.configPollInterval());
        });
        // ESI pages are assembled at the edge tier only: a shield stores and serves them as the origin sent them.
        EsiFront esi = settings.role() == EdgeRole.EDGE
                ? new EsiFront(config, settings.esiLimits(), settings.esiAllowedHosts(), metrics.esi()) : null;
        BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> front =
                esi == null ? handler : esi.wrap(handler);
        // ACME HTTP-01 validation (RFC 8555 8.3) reaches the plain listener on port 80 only.
        BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> plainFront =
                dev.cdn.edge.tls.AcmeChallengeFront.wrap(acmeAnswers, front);
        server = bind("listen", settings.listenHost(), settings.listenPort(),
                () -> clientServer(settings.listenHost(), settings.listenPort()).handle(plainFront).bindNow());
        if (settings.tlsOffload()) {
            tlsOffloadServer = bind("tls-offload-listen", settings.tlsOffloadHost(), settings.tlsOffloadPort(),
                    () -> clientServer(settings.tlsOffloadHost(), settings.tlsOffloadPort())
                            .handle(esi == null ? handler.offloadedTls() : esi.wrap(handler.offloadedTls())).bindNow());
        }
        if (shieldCertificate != null && !settings.tls()) {
            // A shield's TLS listener for edges: its fleet certificate for every handshake, renewals served from the
            // next handshake on.
            tlsServer = bind("tls-listen", settings.tlsListenHost(), settings.tlsListenPort(),
                    () -> clientServer(settings.tlsListenHost(), settings.tlsListenPort())
                            .handle(front)
                            .secure(spec -> spec.sslContext(shieldCertificate.serverContext()))
                            .bindNow());
        }
        if (settings.tls()) {
            try {
                certificates = new CertificateDirectory(settings.tlsCertDir().orElseThrow(), tlsEngine)
                        .start(TLS_RELOAD_INTERVAL);
            } catch (RuntimeException e) {
                throw new EdgeStartException("cannot start the TLS listener: " + e.getMessage(), e);
            }
            CertificateDirectory certs = certificates;
            dev.cdn.edge.tls.SniCertificates sni = new dev.cdn.edge.tls.SniCertificates(tenantCertificates, certs);
            tlsServer = bind("tls-listen", settings.tlsListenHost(), settings.tlsListenPort(),
                    () -> clientServer(settings.tlsListenHost(), settings.tlsListenPort())
                            .handle(front)
                            .protocol(HttpProtocol.HTTP11, HttpProtocol.H2)
                            // HTTP/2 gets the HTTP/1.1 listener's header bound, a stream cap per connection, and
                            // a bound on the reset floods of "rapid reset" (CVE-2023-44487).
                            .http2Settings(h2 -> h2.maxConcurrentStreams(128).maxHeaderListSize(16384)
                                    .maxDecodedRstFramesPerWindow(200, 30))
                            // The certificate is chosen per handshake by SNI: a tenant's from the control plane, else
                            // the directory's as last reloaded.
                            .secure(spec -> spec.sslContext(certs.fallbackContext()).setSniAsyncMappings(
                                    shieldCertificate == null ? sni : new dev.cdn.edge.shieldtls.FleetSni(
                                            shieldCertificate.names(), reactor.netty.tcp.SslProvider.builder()
                                            .sslContext(shieldCertificate.serverContext()).build(), sni)))
                            .bindNow());
            log.info("TLS listener on {}:{} encrypts with {} ({})", settings.tlsListenHost(), tlsServer.port(),
                    tlsEngine.label(), tlsEngine.why());
            dev.cdn.edge.tls.TlsMeters.register(metrics.registry(), tlsEngine);
        }
        java.util.function.Supplier<String> ownCredential = fleet == null ? () -> null : fleet::credential;
        AdminServer adminServer = new AdminServer(settings.adminToken(), purger, config, metrics, this::appliedSeq,
                new Warmer.Listeners(this::port, () -> tlsServer == null ? -1 : tlsServer.port(),
                        settings.role() == EdgeRole.SHIELD, ownCredential), readiness);
        adminServer.topology(shieldTier::view);
        admin = bind("admin", settings.adminHost(), settings.adminPort(),
                () -> adminServer.bind(settings.adminHost(), settings.adminPort()));
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
        if (settings.controlPlane().isPresent()) {
            control = new ControlChannel(settings, config, applier, settings.stateDir().map(StateStore::new).orElse(null));
            ControlMeters.register(metrics.registry(), applier);
            if (diskUnverified != null) {
                control.reportDiskUnverified(diskUnverified);
            }
            UrlTracer tracer = new UrlTracer(settings.nodeId(), settings.role(), config, storage, selector, settings.clock());
            control.onProbe(new ProbeResponder(tracer::trace, settings.controlPlane().get().toString(),
                    settings.edgeToken(), settings.nodeId())::answer);
            control.start();
            stats = new StatsReporter(metrics.traffic(), this::originHealth, settings.controlPlane().get().toString(),
                    settings.edgeToken(), settings.nodeId(), settings.role().wireName(), STATS_EVERY, settings.clock());
        }
        if (settings.controlPlane().isPresent() && settings.role() == EdgeRole.EDGE) {
            // Clients reach edges, not shields: only an edge's load decides where DNS sends them.
            loadReporter = new dev.cdn.edge.load.LoadReporter(settings.controlPlane().get().toString(),
                    settings.edgeToken(), settings.nodeId(), clientConnections::size, settings.loadCapacity(),
                    STATS_EVERY);
        }
        if (settings.controlPlane().isPresent() && settings.role() == EdgeRole.EDGE) {
            // Access records of client requests: sampled per service, buffered within a bound, shipped in batches
            // (docs/observability.md). A shield's requests are the edges' fills, already logged by the edges.
            LogBuffer logBuffer = new LogBuffer(LOG_BUFFER_RECORDS);
            logShipper = new LogShipper(logBuffer, settings.controlPlane().get().toString(), settings.edgeToken(),
                    settings.nodeId(), LOG_BATCH_RECORDS, LOG_SHIP_EVERY, LOG_SHIP_TIMEOUT);
            LogMeters.register(metrics.registry(), logBuffer, logShipper);
            handler.accessLog(new AccessLog(logBuffer));
        }
        log.info("edge {} ({}, pop {}) listening on {}:{}, admin on {}:{}", settings.nodeId(), settings.role().wireName(),
                settings.pop(), settings.listenHost(), port(), settings.adminHost(), adminPort());
    }

    private static DiskStorage loadDisk(java.nio.file.Path dir, long bytes, long writeQueueBytes, PurgeEpochs epochs) {
        DiskStorage disk = new DiskStorage(dir, bytes, epochs, writeQueueBytes);
        try {
            disk.load();
            return disk;
        } catch (IOException e) {
            disk.close();
            throw new EdgeStartException("cannot use disk cache directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The shield tier misses are routed by: flags until the control plane pushes a topology (docs/routing.md). */
    private dev.cdn.edge.topology.LiveShieldTier shieldTier;

    /**
     * A managed node with a state directory starts on the last pushed topology it persisted (fail static), and
     * persists each one it is pushed from now on, before acknowledging it.
     */
    private void loadTopology() {
        if (settings.controlPlane().isEmpty()) {
            return;
        }
        dev.cdn.edge.topology.TopologyStateFile file = settings.stateDir()
                .map(dev.cdn.edge.topology.TopologyStateFile::new).orElse(null);
        if (file != null) {
            try {
                file.load().ifPresent(t -> {
                    shieldTier.apply(t, dev.cdn.edge.topology.TopologySource.STATE);
                    log.info("fail-static: loaded shield topology v{} from {}", t.version(), settings.stateDir().get());
                });
            } catch (IOException | RuntimeException e) {
                log.warn("cannot read the persisted shield topology, starting on the flags' one: {}", e.toString());
            }
        }
        applier.topologyApplier(topology -> {
            shieldTier.apply(topology, dev.cdn.edge.topology.TopologySource.CONTROL_PLANE);
            if (file != null) {
                try {
                    file.save(topology); // on the control channel's thread, never an event loop
                } catch (IOException e) {
                    // Running it is what counts now; a restart without the control plane would use the older one.
                    log.warn("cannot persist shield topology v{}: {}", topology.version(), e.toString());
                }
            }
            return null;
        });
    }

    private long loadState() {
        if (settings.stateDir().isEmpty() || settings.configFile().isPresent()) {
            return 0;
        }
        try {
            return new StateStore(settings.stateDir().get()).load().map(state -> {
                for (ServiceConfig s : state.services()) {
                    config.apply(s);
                }
                persistedStateLoaded = true;
                log.info("fail-static: loaded {} service config(s) and seq {} from {}", state.services().size(),
                        state.appliedSeq(), settings.stateDir().get());
                return state.appliedSeq();
            }).orElse(0L);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read persisted state from {}, starting empty: {}", settings.stateDir().get(), e.toString());
            return 0;
        }
    }

    /**
     * Edge to shield over TLS (docs/routing.md): a managed edge verifies https shields against the fleet CA only; a
     * shield with {@code --fleet-cert-names} obtains and renews the certificate it presents to edges.
     */
    private void startShieldTls() {
        if (settings.controlPlane().isEmpty()) {
            return;
        }
        String controlPlane = settings.controlPlane().get().toString();
        if (settings.role() == EdgeRole.EDGE) {
            fleetCa = new dev.cdn.edge.shieldtls.FleetCa(controlPlane, settings.edgeToken(), settings.nodeId(),
                    settings.role().wireName());
            upstream.trustShieldsWith(fleetCa.clientContext());
            fleetCa.start();
        }
        if (!settings.fleetCertNames().isEmpty()) {
            shieldCertificate = new dev.cdn.edge.shieldtls.ShieldCertificate(controlPlane, settings.edgeToken(),
                    settings.nodeId(), settings.fleetCertNames(), settings.clock());
            shieldCertificate.start();
        }
    }

    /** Whether this managed edge has fetched the fleet CA it verifies https shields with. */
    public boolean fleetCaReady() {
        return fleetCa != null && fleetCa.ready();
    }

    /** The fleet certificate this shield serves now; null before the first, or without {@code --fleet-cert-names}. */
    public java.security.cert.X509Certificate fleetCertificate() {
        return shieldCertificate == null ? null : shieldCertificate.current();
    }

    /** A client-facing server, plain or (with {@code secure}) TLS: the same limits and timeouts for all. */
    private HttpServer clientServer(String host, int port) {
        return HttpServer.create().host(host).port(port)
                .channelGroup(clientConnections) // graceful close: requests in flight finish, then every connection ends
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(8192).maxHeaderSize(16384))
                // Bounds slow clients: silence between requests, and silence while a request is being received;
                // one handler per connection (listen.ClientTimeouts), nothing per request.
                .doOnChannelInit((observer, channel, remote) ->
                        dev.cdn.edge.listen.ClientTimeouts.install(channel, settings.clientTimeout()))
                .doOnConnection(dev.cdn.edge.listen.ClientTimeouts::requestConfigured);
    }

    private static DisposableServer bind(String what, String host, int port, java.util.function.Supplier<DisposableServer> binder) {
        try {
            return binder.get();
        } catch (RuntimeException e) {
            throw new EdgeStartException("cannot " + what + " on " + host + ":" + port + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    public int port() {
        return server.port();
    }

    /** The ports this node's listeners are bound to, so far; origins may never point at them. */
    private Set<Integer> listeningPorts() {
        Set<Integer> ports = new HashSet<>();
        for (DisposableServer s : new DisposableServer[] {server, tlsServer, tlsOffloadServer, admin}) {
            if (s != null) {
                ports.add(s.port());
            }
        }
        return ports;
    }

    /** The TLS listener's port; only with {@link EdgeSettings#tls()}. */
    public int tlsPort() {
        if (tlsServer == null) {
            throw new IllegalStateException("this node has no TLS listener");
        }
        return tlsServer.port();
    }

    /** Reads the certificate directory now instead of at the next interval (tests rotate certificates with this). */
    public void reloadCertificates() {
        if (certificates != null) {
            certificates.reload();
        }
    }

    /** The TLS-offload listener's port; only with {@link EdgeSettings#tlsOffload()}. */
    public int tlsOffloadPort() {
        if (tlsOffloadServer == null) {
            throw new IllegalStateException("this node has no TLS-offload listener");
        }
        return tlsOffloadServer.port();
    }

    public int adminPort() {
        return admin.port();
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

    /** The highest control-channel sequence applied (0 in standalone mode). */
    /** Sends the traffic counted so far to the control plane now, rather than at the next period (managed mode). */
    public void reportStatsNow() {
        if (stats != null) {
            stats.reportNow().block(java.time.Duration.ofSeconds(10));
        }
    }

    public long appliedSeq() {
        return applier.appliedSeq();
    }

    /** The access-log shipper (managed mode), or null; for the admin view and tests. */
    public LogShipper logShipper() {
        return logShipper;
    }

    /** Blocks the calling (non-event-loop) thread until the client server is closed. */
    public void awaitClose() {
        server.onDispose().block();
    }

    /** Reports this edge's load to the control plane; null for shields and standalone nodes. */
    private dev.cdn.edge.load.LoadReporter loadReporter;

    @Override
    public void close() {
        healthChecker.close();
        if (loadReporter != null) {
            loadReporter.close();
        }
        if (stats != null) {
            stats.close();
        }
        if (logShipper != null) {
            logShipper.close();
        }
        if (control != null) {
            control.close();
        }
        if (fleetCa != null) {
            fleetCa.close();
        }
        if (shieldCertificate != null) {
            shieldCertificate.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (certificateFetcher != null) {
            certificateFetcher.close();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
        if (tlsServer != null) {
            tlsServer.disposeNow(Duration.ofSeconds(5));
        }
        if (tlsOffloadServer != null) {
            tlsOffloadServer.disposeNow(Duration.ofSeconds(5));
        }
        clientConnections.close().awaitUninterruptibly(Duration.ofSeconds(5).toMillis());
        if (certificates != null) {
            certificates.close();
        }
        if (admin != null) {
            admin.disposeNow(Duration.ofSeconds(5));
        }
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

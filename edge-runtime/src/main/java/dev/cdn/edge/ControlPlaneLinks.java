package dev.cdn.edge;

import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.config.StateStore;
import dev.cdn.edge.control.ControlChannel;
import dev.cdn.edge.control.ControlMeters;
import dev.cdn.edge.control.DiskUnverifiedReport;
import dev.cdn.edge.control.EventApplier;
import dev.cdn.edge.control.StatsReporter;
import dev.cdn.edge.debug.ProbeResponder;
import dev.cdn.edge.fleet.FleetTrust;
import dev.cdn.edge.load.LoadReporter;
import dev.cdn.edge.logs.AccessLog;
import dev.cdn.edge.logs.LogBuffer;
import dev.cdn.edge.logs.LogMeters;
import dev.cdn.edge.logs.LogShipper;
import dev.cdn.edge.metrics.EdgeMetrics;
import dev.cdn.edge.proxy.EdgeHandler;
import dev.cdn.edge.proxy.UrlTracer;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.shieldtls.FleetCa;
import dev.cdn.edge.shieldtls.ShieldCertificate;
import dev.cdn.edge.store.TieredStorage;
import dev.cdn.edge.tls.AcmeChallengeAnswers;
import dev.cdn.edge.tls.CertificateFetcher;
import dev.cdn.edge.tls.PushedCertificates;
import dev.cdn.edge.upstream.OriginHealth;
import dev.cdn.edge.upstream.UpstreamClient;
import dev.cdn.edge.upstream.UpstreamSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What a managed node runs against its control plane besides its configs' event log: tenants' certificates and ACME
 * answers, the fleet CA and a shield's fleet certificate (docs/routing.md, "Edge to shield over TLS"), fleet trust,
 * the control channel itself, and the periodic reports (traffic, load, access records). A standalone node runs none
 * of them: starting and closing do nothing, and it has no credential, fleet certificate or log shipper.
 */
final class ControlPlaneLinks {

    /** How often traffic counters go to the control plane (docs/control-channel.md, "Statistics"). */
    static final Duration STATS_EVERY = Duration.ofSeconds(5);
    /** At most this many access records wait for the control plane; past it they are dropped and counted. */
    static final int LOG_BUFFER_RECORDS = 10_000;
    static final int LOG_BATCH_RECORDS = 500;
    static final Duration LOG_SHIP_EVERY = Duration.ofMillis(500);
    static final Duration LOG_SHIP_TIMEOUT = Duration.ofSeconds(5);

    private final EdgeSettings settings;
    /** The control plane's base URL; null for a standalone node. */
    private final String controlPlane;
    private CertificateFetcher certificateFetcher;
    /** A managed edge's trust for https shields: the fleet CA (null otherwise). */
    private FleetCa fleetCa;
    /** A shield's fleet certificate, with {@code --fleet-cert-names} (null otherwise). */
    private ShieldCertificate shieldCertificate;
    /** Fleet trust of a managed node (null when standalone or turned off). */
    private FleetTrust fleet;
    private ControlChannel control;
    private StatsReporter stats;
    /** Reports this edge's load to the control plane; null for shields and standalone nodes. */
    private LoadReporter loadReporter;
    private LogShipper logShipper;

    ControlPlaneLinks(EdgeSettings settings) {
        this.settings = settings;
        this.controlPlane = settings.controlPlane().map(Object::toString).orElse(null);
    }

    /**
     * What must run before any listener binds: the certificates the TLS listeners present, the fleet CA an edge
     * verifies https shields with, and fleet trust, so a shield never answers a request it has not checked.
     */
    void startBeforeListeners(EventApplier applier, PushedCertificates tenantCertificates,
            AcmeChallengeAnswers acmeAnswers, UpstreamClient upstream, EdgeHandler handler) {
        if (controlPlane == null) {
            return;
        }
        // Tenants' certificates and ACME answers: fetched at start and whenever the control plane says so.
        certificateFetcher = new CertificateFetcher(controlPlane, settings.edgeToken(), settings.nodeId(),
                settings.role().wireName(), tenantCertificates, acmeAnswers);
        applier.certificatesChanged(certificateFetcher::fetch);
        certificateFetcher.start();
        startShieldTls(upstream);
        if (settings.fleetTrust()) {
            fleet = new FleetTrust(controlPlane, settings.edgeToken(), settings.nodeId(), settings.role().wireName(),
                    settings.clock(), settings.stateDir().orElse(null));
            fleet.start();
            handler.fleet(fleet, fleet::credential);
        }
    }

    /**
     * Edge to shield over TLS (docs/routing.md): a managed edge verifies https shields against the fleet CA only; a
     * shield with {@code --fleet-cert-names} obtains and renews the certificate it presents to edges.
     */
    private void startShieldTls(UpstreamClient upstream) {
        if (settings.role() == EdgeRole.EDGE) {
            fleetCa = new FleetCa(controlPlane, settings.edgeToken(), settings.nodeId(), settings.role().wireName());
            upstream.trustShieldsWith(fleetCa.clientContext());
            fleetCa.start();
        }
        if (!settings.fleetCertNames().isEmpty()) {
            shieldCertificate = new ShieldCertificate(controlPlane, settings.edgeToken(), settings.nodeId(),
                    settings.fleetCertNames(), settings.clock());
            shieldCertificate.start();
        }
    }

    /**
     * Once the node serves: the control channel (configs, purges, probes), traffic stats, and on an edge its load and
     * the access records of its clients' requests.
     */
    void startAfterListeners(ConfigHolder config, EventApplier applier, EdgeMetrics metrics,
            DiskUnverifiedReport diskUnverified, TieredStorage storage, UpstreamSelector selector,
            Supplier<List<OriginHealth.View>> originHealth, IntSupplier openConnections, EdgeHandler handler) {
        if (controlPlane == null) {
            return;
        }
        control = new ControlChannel(settings, config, applier, settings.stateDir().map(StateStore::new).orElse(null));
        ControlMeters.register(metrics.registry(), applier);
        if (diskUnverified != null) {
            control.reportDiskUnverified(diskUnverified);
        }
        UrlTracer tracer = new UrlTracer(settings.nodeId(), settings.role(), config, storage, selector,
                settings.clock());
        control.onProbe(new ProbeResponder(tracer::trace, controlPlane, settings.edgeToken(),
                settings.nodeId())::answer);
        control.start();
        stats = new StatsReporter(metrics.traffic(), originHealth, controlPlane, settings.edgeToken(),
                settings.nodeId(), settings.role().wireName(), STATS_EVERY, settings.clock());
        if (settings.role() != EdgeRole.EDGE) {
            return;
        }
        // Clients reach edges, not shields: only an edge's load decides where DNS sends them.
        loadReporter = new LoadReporter(controlPlane, settings.edgeToken(), settings.nodeId(), openConnections,
                settings.loadCapacity(), STATS_EVERY);
        // Access records of client requests: sampled per service, buffered within a bound, shipped in batches
        // (docs/observability.md). A shield's requests are the edges' fills, already logged by the edges.
        LogBuffer logBuffer = new LogBuffer(LOG_BUFFER_RECORDS);
        logShipper = new LogShipper(logBuffer, controlPlane, settings.edgeToken(), settings.nodeId(),
                LOG_BATCH_RECORDS, LOG_SHIP_EVERY, LOG_SHIP_TIMEOUT);
        LogMeters.register(metrics.registry(), logBuffer, logShipper);
        handler.accessLog(new AccessLog(logBuffer));
    }

    /** This node's fleet credential for the requests it sends its shields; null without fleet trust. */
    Supplier<String> ownCredential() {
        return fleet == null ? () -> null : fleet::credential;
    }

    /** A shield's fleet certificate, or null without {@code --fleet-cert-names}. */
    ShieldCertificate shieldCertificate() {
        return shieldCertificate;
    }

    boolean fleetCaReady() {
        return fleetCa != null && fleetCa.ready();
    }

    X509Certificate fleetCertificate() {
        return shieldCertificate == null ? null : shieldCertificate.current();
    }

    void reportStatsNow() {
        if (stats != null) {
            stats.reportNow().block(Duration.ofSeconds(10));
        }
    }

    LogShipper logShipper() {
        return logShipper;
    }

    /**
     * Stops the reports and the control channel first, so the node tells the control plane nothing more, then what
     * fetches certificates and credentials.
     */
    void close() {
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
    }
}

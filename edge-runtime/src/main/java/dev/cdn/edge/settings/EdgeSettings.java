package dev.cdn.edge.settings;

import dev.cdn.config.PrivateOriginAllowList;
import dev.cdn.edge.esi.AssemblyLimits;
import dev.cdn.edge.prefetch.PrefetchSettings;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.tls.TlsProvider;
import dev.cdn.edge.upstream.BulkheadSettings;
import dev.cdn.edge.upstream.HealthSettings;
import dev.cdn.edge.upstream.ShieldDownPolicy;
import dev.cdn.edge.upstream.ShieldTopology;
import dev.cdn.edge.upstream.UpstreamTimeouts;
import io.netty.resolver.AddressResolverGroup;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable settings of one edge node; build them with {@link #builder()}, which checks each value as it is set
 * and the combination in {@link EdgeSettingsBuilder#build()}.
 */
public final class EdgeSettings {

    /** Default bound of the in-memory store. */
    public static final long DEFAULT_MEMORY_BYTES = 256L * 1024 * 1024;
    /** Default bound of the disk store, when a disk directory is set. */
    public static final long DEFAULT_DISK_BYTES = 1024L * 1024 * 1024;
    /** Default bound of the bodies being filled (and held for their readers) over all fills: 64 MiB. */
    public static final long DEFAULT_FILL_BUFFER_BYTES = 64L * 1024 * 1024;
    /** Default bound of the connections to one upstream address. */
    public static final int DEFAULT_UPSTREAM_CONNECTIONS = 1000;
    /** Default of {@link #loadCapacity()}: open client connections a node counts as full load. */
    public static final int DEFAULT_LOAD_CAPACITY = 10_000;

    private final String nodeId;
    private final EdgeRole role;
    private final String pop;
    private final String listenHost;
    private final int listenPort;
    private final String tlsListenHost;
    private final int tlsListenPort;
    private final Path tlsCertDir;
    private final TlsProvider tlsProvider;
    private final String tlsOffloadHost;
    private final int tlsOffloadPort;
    private final String adminHost;
    private final int adminPort;
    private final String adminToken;
    private final Path configFile;
    private final Path geoFile;
    private final URI controlPlane;
    private final String edgeToken;
    private final ShieldTopology shields;
    private final String region;
    private final Path stateDir;
    private final long memoryBytes;
    private final Path diskDir;
    private final Path memoryFilesDir;
    private final long diskBytes;
    private final long diskWriteQueueBytes;
    private final long fillBufferBytes;
    private final Duration lockTimeout;
    private final AssemblyLimits esiLimits;
    private final Set<String> esiAllowedHosts;
    private final Duration hitForMiss;
    private final PrefetchSettings prefetch;
    private final Duration configPollInterval;
    private final Duration controlIdleTimeout;
    private final Duration maxBackoff;
    private final boolean fleetTrust;
    private final List<String> fleetCertNames;
    private final Duration clientTimeout;
    private final HealthSettings health;
    private final UpstreamTimeouts upstreamTimeouts;
    private final BulkheadSettings bulkheads;
    private final ShieldDownPolicy shieldDown;
    private final Clock clock;
    private final PrivateOriginAllowList allowedPrivateOrigins;
    private final AddressResolverGroup<?> originResolver;
    private final int loadCapacity;

    EdgeSettings(EdgeSettingsBuilder b) {
        this.allowedPrivateOrigins = b.allowedPrivateOrigins;
        this.originResolver = b.originResolver;
        this.nodeId = b.nodeId;
        this.role = b.role;
        this.pop = b.pop;
        this.listenHost = b.listenHost;
        this.listenPort = b.listenPort;
        this.tlsListenHost = b.tlsListenHost;
        this.tlsListenPort = b.tlsListenPort;
        this.tlsCertDir = b.tlsCertDir;
        this.tlsProvider = b.tlsProvider;
        this.tlsOffloadHost = b.tlsOffloadHost;
        this.tlsOffloadPort = b.tlsOffloadPort;
        this.adminHost = b.adminHost;
        this.adminPort = b.adminPort;
        this.adminToken = b.adminToken;
        this.configFile = b.configFile;
        this.controlPlane = b.controlPlane;
        this.edgeToken = b.edgeToken;
        this.shields = b.shields != null ? b.shields
                : b.shield != null ? ShieldTopology.single(b.region, b.shield) : ShieldTopology.NONE;
        this.region = b.region;
        this.stateDir = b.stateDir;
        this.memoryBytes = b.memoryBytes;
        this.diskDir = b.diskDir;
        this.memoryFilesDir = b.memoryFilesDir;
        this.diskBytes = b.diskBytes;
        this.diskWriteQueueBytes = b.diskWriteQueueBytes;
        this.fillBufferBytes = b.fillBufferBytes;
        this.lockTimeout = b.lockTimeout;
        this.esiLimits = b.esiLimits;
        this.esiAllowedHosts = Set.copyOf(b.esiAllowedHosts);
        this.hitForMiss = b.hitForMiss;
        this.prefetch = b.prefetch;
        this.configPollInterval = b.configPollInterval;
        this.controlIdleTimeout = b.controlIdleTimeout;
        this.maxBackoff = b.maxBackoff;
        this.fleetTrust = b.fleetTrust;
        this.fleetCertNames = List.copyOf(b.fleetCertNames);
        this.clientTimeout = b.clientTimeout;
        this.health = b.health;
        this.upstreamTimeouts = b.upstreamTimeouts;
        // Unset shares follow what is set: the service's share from the address bound, the origin's and the line
        // from the service's share.
        int perService = b.serviceConnections != null ? b.serviceConnections
                : BulkheadSettings.forAddress(b.upstreamConnections).perService();
        this.bulkheads = new BulkheadSettings(b.upstreamConnections, perService,
                b.originConnections != null ? b.originConnections : perService,
                b.serviceQueue != null ? b.serviceQueue : perService);
        this.shieldDown = b.shieldDown;
        this.clock = b.clock;
        this.geoFile = b.geoFile;
        this.loadCapacity = b.loadCapacity;
    }

    /**
     * Open client connections this node is sized for: its reported load is its connections over this, capped at 1
     * (docs/routing.md, "Live load from the fleet").
     */
    public int loadCapacity() { return loadCapacity; }

    /** A builder with every setting at its default. */
    public static EdgeSettingsBuilder builder() {
        return new EdgeSettingsBuilder();
    }

    public String nodeId() { return nodeId; }
    public EdgeRole role() { return role; }
    public String pop() { return pop; }
    public String listenHost() { return listenHost; }
    public int listenPort() { return listenPort; }
    /** Whether client traffic is also accepted over TLS ({@link #tlsListenPort()}, {@link #tlsCertDir()}). */
    public boolean tls() { return tlsCertDir != null; }
    public String tlsListenHost() { return tlsListenHost; }
    public int tlsListenPort() { return tlsListenPort; }
    /** Directory of NAME.crt + NAME.key PEM pairs presented by the TLS listener, chosen by SNI. */
    public Optional<Path> tlsCertDir() { return Optional.ofNullable(tlsCertDir); }
    /** Which TLS implementation the client-facing TLS listener encrypts with (default auto: OpenSSL if it loads). */
    public TlsProvider tlsProvider() { return tlsProvider; }
    /**
     * Whether a plain listener takes traffic whose TLS a load balancer in front already terminated: its requests
     * are keyed and forwarded as https.
     */
    public boolean tlsOffload() { return tlsOffloadHost != null; }
    public String tlsOffloadHost() { return tlsOffloadHost; }
    public int tlsOffloadPort() { return tlsOffloadPort; }
    public String adminHost() { return adminHost; }
    public int adminPort() { return adminPort; }
    public String adminToken() { return adminToken; }
    public Optional<Path> configFile() { return Optional.ofNullable(configFile); }
    public Optional<URI> controlPlane() { return Optional.ofNullable(controlPlane); }
    public String edgeToken() { return edgeToken; }
    /** The shield tier misses of shielded services go to; empty for a shield, or an edge without one. */
    public ShieldTopology shields() { return shields; }
    /** The region this node is in: an edge's shielded services use its shields unless they name another. */
    public String region() { return region; }
    public Optional<Path> stateDir() { return Optional.ofNullable(stateDir); }
    public long memoryBytes() { return memoryBytes; }
    /**
     * A memory-backed (tmpfs) directory where RAM-tier bodies of 64 KiB and more are kept, to be sent with sendfile;
     * empty means every body is in a direct buffer.
     */
    public Optional<Path> memoryFilesDir() { return Optional.ofNullable(memoryFilesDir); }
    /** Directory of the persistent disk tier (L2); empty means RAM only. */
    public Optional<Path> diskDir() { return Optional.ofNullable(diskDir); }
    public long diskBytes() { return diskBytes; }
    /** Bytes of bodies the disk writer may hold at once; a write past it is refused (counted), never queued. */
    public long diskWriteQueueBytes() { return diskWriteQueueBytes; }
    /** Bytes of bodies being filled the node may hold at once; a fill past it is streamed through, not stored. */
    public long fillBufferBytes() { return fillBufferBytes; }
    /** How long a request waits for another request's fill of the same key before fetching on its own. */
    public Duration lockTimeout() { return lockTimeout; }
    /** Bounds on assembling an ESI page (docs/esi.md). */
    public AssemblyLimits esiLimits() { return esiLimits; }
    /** Hosts besides a service's own domains that its ESI pages may include from (served by this node too). */
    public Set<String> esiAllowedHosts() { return esiAllowedHosts; }
    /** How long a key whose response was not storable skips the fill lock. */
    public Duration hitForMiss() { return hitForMiss; }

    /** A shield's predictive prefetch ({@link PrefetchSettings#OFF} by default; edges ignore it). */
    public PrefetchSettings prefetch() { return prefetch; }
    public Duration configPollInterval() { return configPollInterval; }
    public Duration controlIdleTimeout() { return controlIdleTimeout; }
    public Duration maxBackoff() { return maxBackoff; }
    /**
     * Whether a managed node takes part in fleet trust: a shield answers only requests with a valid fleet credential,
     * and any node presents its own to its shields (docs/routing.md, "Fleet trust"). A standalone node never does.
     */
    public boolean fleetTrust() { return fleetTrust && controlPlane != null; }
    /**
     * The names edges reach this shield by ({@code --fleet-cert-names}): the shield serves a fleet CA certificate for
     * them on its TLS listener (docs/routing.md, "Edge to shield over TLS"); empty when it does not.
     */
    public List<String> fleetCertNames() { return fleetCertNames; }
    /** How long a client connection may stay silent: idle between requests, or mid-request (slowloris). */
    public Duration clientTimeout() { return clientTimeout; }
    /** Passive thresholds and active health checks of origins. */
    public HealthSettings health() { return health; }
    /** Private origins the operator allows ({@code CDN_ALLOWED_PRIVATE_ORIGINS}); every other one is refused. */
    public PrivateOriginAllowList allowedPrivateOrigins() { return allowedPrivateOrigins; }
    /** How origin names are resolved; null for reactor-netty's default. */
    public AddressResolverGroup<?> originResolver() { return originResolver; }
    /** Connect, first-byte and idle bounds of every upstream hop. */
    public UpstreamTimeouts upstreamTimeouts() { return upstreamTimeouts; }
    /** Upstream connections by address, service and origin of a service, and the waiting line of a service. */
    public BulkheadSettings bulkheads() { return bulkheads; }
    /** Where misses of shielded services go while passive health has the shield down. */
    public ShieldDownPolicy shieldDown() { return shieldDown; }
    public Clock clock() { return clock; }
    /** The operator's IP-to-country table (docs/edge-logic.md); empty when the node has none. */
    public Optional<Path> geoFile() { return Optional.ofNullable(geoFile); }
}

package dev.cdn.edge.settings;

import dev.cdn.edge.role.EdgeRole;
import dev.cdn.config.PrivateOriginAllowList;
import io.netty.resolver.AddressResolverGroup;
import dev.cdn.edge.upstream.BulkheadSettings;
import dev.cdn.edge.upstream.HealthSettings;
import dev.cdn.edge.upstream.ShieldDownPolicy;
import dev.cdn.edge.upstream.ShieldTopology;
import dev.cdn.edge.upstream.UpstreamTimeouts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of one edge node; build them with {@link #builder()}, which checks each value as it is set
 * and the combination in {@link Builder#build()}.
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

    private final String nodeId;
    private final EdgeRole role;
    private final String pop;
    private final String listenHost;
    private final int listenPort;
    private final String tlsListenHost;
    private final int tlsListenPort;
    private final Path tlsCertDir;
    private final dev.cdn.edge.tls.TlsProvider tlsProvider;
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
    private final long diskBytes;
    private final long diskWriteQueueBytes;
    private final long fillBufferBytes;
    private final Duration lockTimeout;
    private final dev.cdn.edge.esi.AssemblyLimits esiLimits;
    private final java.util.Set<String> esiAllowedHosts;
    private final Duration hitForMiss;
    private final dev.cdn.edge.prefetch.PrefetchSettings prefetch;
    private final Duration configPollInterval;
    private final Duration controlIdleTimeout;
    private final Duration maxBackoff;
    private final boolean fleetTrust;
    private final java.util.List<String> fleetCertNames;
    private final Duration clientTimeout;
    private final HealthSettings health;
    private final UpstreamTimeouts upstreamTimeouts;
    private final BulkheadSettings bulkheads;
    private final ShieldDownPolicy shieldDown;
    private final Clock clock;
    private final PrivateOriginAllowList allowedPrivateOrigins;
    private final AddressResolverGroup<?> originResolver;

    private EdgeSettings(Builder b) {
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
        this.diskBytes = b.diskBytes;
        this.diskWriteQueueBytes = b.diskWriteQueueBytes;
        this.fillBufferBytes = b.fillBufferBytes;
        this.lockTimeout = b.lockTimeout;
        this.esiLimits = b.esiLimits;
        this.esiAllowedHosts = java.util.Set.copyOf(b.esiAllowedHosts);
        this.hitForMiss = b.hitForMiss;
        this.prefetch = b.prefetch;
        this.configPollInterval = b.configPollInterval;
        this.controlIdleTimeout = b.controlIdleTimeout;
        this.maxBackoff = b.maxBackoff;
        this.fleetTrust = b.fleetTrust;
        this.fleetCertNames = java.util.List.copyOf(b.fleetCertNames);
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

    /** Default of {@link #loadCapacity()}: open client connections a node counts as full load. */
    public static final int DEFAULT_LOAD_CAPACITY = 10_000;
    private final int loadCapacity;

    /**
     * Open client connections this node is sized for: its reported load is its connections over this, capped at 1
     * (docs/routing.md, "Live load from the fleet").
     */
    public int loadCapacity() { return loadCapacity; }

    public static Builder builder() {
        return new Builder();
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
    public dev.cdn.edge.tls.TlsProvider tlsProvider() { return tlsProvider; }
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
    public dev.cdn.edge.esi.AssemblyLimits esiLimits() { return esiLimits; }
    /** Hosts besides a service's own domains that its ESI pages may include from (served by this node too). */
    public java.util.Set<String> esiAllowedHosts() { return esiAllowedHosts; }
    /** How long a key whose response was not storable skips the fill lock. */
    public Duration hitForMiss() { return hitForMiss; }

    /** A shield's predictive prefetch ({@link dev.cdn.edge.prefetch.PrefetchSettings#OFF} by default; edges ignore it). */
    public dev.cdn.edge.prefetch.PrefetchSettings prefetch() { return prefetch; }
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
    public java.util.List<String> fleetCertNames() { return fleetCertNames; }
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

    /** A copy-on-build builder: every setter validates its argument and names the setting in its message. */
    public static final class Builder {
        private String nodeId = "edge-1";
        private EdgeRole role = EdgeRole.EDGE;
        private String pop = "local";
        private String listenHost = "127.0.0.1";
        private int listenPort = 8000;
        private String tlsListenHost = "127.0.0.1";
        private int tlsListenPort = 8443;
        private Path tlsCertDir;
        private dev.cdn.edge.tls.TlsProvider tlsProvider = dev.cdn.edge.tls.TlsProvider.AUTO;
        private String tlsOffloadHost;
        private int tlsOffloadPort;
        private String adminHost = "127.0.0.1";
        private int adminPort = 9000;
        private String adminToken;
        private Path configFile;
        private URI controlPlane;
        private String edgeToken;
        private URI shield;
        private ShieldTopology shields;
        private String region = "local";
        private Path stateDir;
        private long memoryBytes = DEFAULT_MEMORY_BYTES;
        private Path diskDir;
        private long diskBytes = DEFAULT_DISK_BYTES;
        private long diskWriteQueueBytes = dev.cdn.edge.store.DiskStorage.DEFAULT_WRITE_QUEUE_BYTES;
        private long fillBufferBytes = DEFAULT_FILL_BUFFER_BYTES;
        private Duration lockTimeout = Duration.ofSeconds(5);
        private dev.cdn.edge.esi.AssemblyLimits esiLimits = dev.cdn.edge.esi.AssemblyLimits.DEFAULT;
        private java.util.Set<String> esiAllowedHosts = java.util.Set.of();
        private Duration hitForMiss = Duration.ofSeconds(10);
        private dev.cdn.edge.prefetch.PrefetchSettings prefetch = dev.cdn.edge.prefetch.PrefetchSettings.OFF;
        private Duration configPollInterval = Duration.ofSeconds(1);
        private Duration controlIdleTimeout = Duration.ofSeconds(30);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private boolean fleetTrust = true;
        private java.util.List<String> fleetCertNames = java.util.List.of();
        private Duration clientTimeout = Duration.ofSeconds(60);
        private HealthSettings health = HealthSettings.DEFAULTS;
        private PrivateOriginAllowList allowedPrivateOrigins = PrivateOriginAllowList.NONE;
        private AddressResolverGroup<?> originResolver;
        private UpstreamTimeouts upstreamTimeouts = UpstreamTimeouts.DEFAULTS;
        private int upstreamConnections = DEFAULT_UPSTREAM_CONNECTIONS;
        private Integer serviceConnections;
        private Integer originConnections;
        private Integer serviceQueue;
        private ShieldDownPolicy shieldDown = ShieldDownPolicy.ORIGIN;
        private Clock clock = Clock.systemUTC();
        private Path geoFile;

        private Builder() {
        }

        public Builder nodeId(String nodeId) {
            // The node id goes into Via, Cache-Status and CDN-Loop, so it must be an RFC 9110 token.
            if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("nodeId must be 1-64 letters, digits, '.', '_' or '-', got '" + nodeId + "'");
            }
            this.nodeId = nodeId;
            return this;
        }

        public Builder role(EdgeRole role) {
            this.role = Objects.requireNonNull(role, "role must not be null");
            return this;
        }

        public Builder pop(String pop) {
            if (pop == null || pop.isBlank() || pop.length() > 64 || pop.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("pop must be 1-64 visible ASCII characters, got '" + pop + "'");
            }
            this.pop = pop;
            return this;
        }

        public Builder listen(String host, int port) {
            this.listenHost = host("listen", host);
            this.listenPort = port("listen", port);
            return this;
        }

        /** Where TLS client traffic is accepted; only used together with {@link #tlsCertDir(Path)}. */
        public Builder tlsListen(String host, int port) {
            this.tlsListenHost = host("tlsListen", host);
            this.tlsListenPort = port("tlsListen", port);
            return this;
        }

        /** Turns the TLS listener on, presenting the certificate pairs in {@code dir}. */
        public Builder tlsCertDir(Path dir) {
            this.tlsCertDir = Objects.requireNonNull(dir, "tlsCertDir must not be null");
            return this;
        }

        /** Which TLS implementation the client-facing TLS listener uses: auto (the default), openssl or jdk. */
        public Builder tlsProvider(dev.cdn.edge.tls.TlsProvider provider) {
            this.tlsProvider = Objects.requireNonNull(provider, "tlsProvider must not be null");
            return this;
        }

        /** A plain listener for traffic a load balancer received over TLS and terminated; treated as https. */
        public Builder tlsOffloadListen(String host, int port) {
            this.tlsOffloadHost = host("tlsOffloadListen", host);
            this.tlsOffloadPort = port("tlsOffloadListen", port);
            return this;
        }

        public Builder adminListen(String host, int port) {
            this.adminHost = host("adminListen", host);
            this.adminPort = port("adminListen", port);
            return this;
        }

        public Builder adminToken(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("adminToken must not be blank");
            }
            this.adminToken = token;
            return this;
        }

        /** An IP-to-country CSV (CIDR,COUNTRY per line) for country lists and conditions. */
        public Builder geoFile(Path file) {
            this.geoFile = Objects.requireNonNull(file, "geoFile must not be null");
            return this;
        }

        public Builder configFile(Path file) {
            this.configFile = Objects.requireNonNull(file, "configFile must not be null");
            return this;
        }

        public Builder controlPlane(URI baseUrl, String edgeToken) {
            this.controlPlane = httpUri("controlPlane", baseUrl);
            if (edgeToken == null || edgeToken.isBlank()) {
                throw new IllegalArgumentException("controlPlane edge token must not be blank");
            }
            this.edgeToken = edgeToken;
            return this;
        }

        /** One shield, as a region of its own: this node's region (the {@code --shield URL} flag). */
        public Builder shield(URI shield) {
            this.shield = httpUri("shield", shield);
            return this;
        }

        /** The whole shield tier, region by region (the {@code --shields} flag). */
        public Builder shields(ShieldTopology shields) {
            this.shields = Objects.requireNonNull(shields, "shields must not be null");
            return this;
        }

        public Builder region(String region) {
            if (region == null || !ShieldTopology.REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("region must be 1-63 lowercase letters, digits or '-', got '"
                        + region + "'");
            }
            this.region = region;
            return this;
        }

        public Builder stateDir(Path dir) {
            this.stateDir = Objects.requireNonNull(dir, "stateDir must not be null");
            return this;
        }

        public Builder memoryBytes(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("memoryBytes must be at least 1 MiB (1048576), got " + bytes);
            }
            this.memoryBytes = bytes;
            return this;
        }

        public Builder diskDir(Path dir) {
            this.diskDir = Objects.requireNonNull(dir, "diskDir must not be null");
            return this;
        }

        public Builder diskBytes(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("diskBytes must be at least 1 MiB (1048576), got " + bytes);
            }
            this.diskBytes = bytes;
            return this;
        }

        public Builder diskWriteQueueBytes(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("diskWriteQueueBytes must be at least 1 MiB (1048576), got " + bytes);
            }
            this.diskWriteQueueBytes = bytes;
            return this;
        }

        public Builder fillBufferBytes(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("fillBufferBytes must be at least 1 MiB (1048576), got " + bytes);
            }
            this.fillBufferBytes = bytes;
            return this;
        }

        public Builder esiLimits(dev.cdn.edge.esi.AssemblyLimits limits) {
            this.esiLimits = java.util.Objects.requireNonNull(limits, "esiLimits");
            return this;
        }

        public Builder esiAllowedHosts(String... hosts) {
            this.esiAllowedHosts = java.util.Set.of(hosts);
            return this;
        }

        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = positive("lockTimeout", timeout);
            return this;
        }

        public Builder prefetch(dev.cdn.edge.prefetch.PrefetchSettings prefetch) {
            this.prefetch = java.util.Objects.requireNonNull(prefetch, "prefetch");
            return this;
        }

        public Builder hitForMiss(Duration duration) {
            this.hitForMiss = positive("hitForMiss", duration);
            return this;
        }

        public Builder configPollInterval(Duration interval) {
            this.configPollInterval = positive("configPollInterval", interval);
            return this;
        }

        public Builder controlIdleTimeout(Duration timeout) {
            this.controlIdleTimeout = positive("controlIdleTimeout", timeout);
            return this;
        }

        private int loadCapacity = DEFAULT_LOAD_CAPACITY;

        public Builder loadCapacity(int connections) {
            if (connections < 1 || connections > 10_000_000) {
                throw new IllegalArgumentException("loadCapacity must be between 1 and 10000000, got " + connections);
            }
            this.loadCapacity = connections;
            return this;
        }

        public Builder fleetTrust(boolean on) {
            this.fleetTrust = on;
            return this;
        }

        /** The names edges reach this shield by, served with a fleet CA certificate on the TLS listener. */
        public Builder fleetCertNames(java.util.List<String> names) {
            for (String n : names) {
                if (n == null || n.isBlank() || n.contains("*")) {
                    throw new IllegalArgumentException("fleetCertNames: '" + n + "' must be a host name or IP address"
                            + " (no wildcards)");
                }
            }
            if (names.size() > 8) {
                throw new IllegalArgumentException("fleetCertNames: at most 8 names, not " + names.size());
            }
            this.fleetCertNames = java.util.List.copyOf(names);
            return this;
        }

        public Builder maxBackoff(Duration max) {
            this.maxBackoff = positive("maxBackoff", max);
            return this;
        }

        public Builder upstreamTimeouts(UpstreamTimeouts timeouts) {
            this.upstreamTimeouts = Objects.requireNonNull(timeouts, "upstreamTimeouts must not be null");
            return this;
        }

        public Builder upstreamConnections(int connections) {
            if (connections < 1 || connections > 100_000) {
                throw new IllegalArgumentException("upstreamConnections must be between 1 and 100000, got " + connections);
            }
            this.upstreamConnections = connections;
            return this;
        }

        /** Connections one service may hold over all its upstreams; default a quarter of upstreamConnections. */
        public Builder serviceConnections(int connections) {
            this.serviceConnections = count("serviceConnections", connections, 1);
            return this;
        }

        /** Connections one service may hold to one origin (address); default as serviceConnections. */
        public Builder originConnections(int connections) {
            this.originConnections = count("originConnections", connections, 1);
            return this;
        }

        /** Requests of one service that may wait for a connection; default as serviceConnections. */
        public Builder serviceQueue(int requests) {
            this.serviceQueue = count("serviceQueue", requests, 0);
            return this;
        }

        private static int count(String setting, int value, int min) {
            if (value < min || value > 100_000) {
                throw new IllegalArgumentException(setting + " must be between " + min + " and 100000, got " + value);
            }
            return value;
        }

        public Builder shieldDown(ShieldDownPolicy policy) {
            this.shieldDown = Objects.requireNonNull(policy, "shieldDown must not be null");
            return this;
        }

        public Builder clientTimeout(Duration timeout) {
            this.clientTimeout = positive("clientTimeout", timeout);
            return this;
        }

        public Builder health(HealthSettings health) {
            this.health = Objects.requireNonNull(health, "health must not be null");
            return this;
        }

        /**
         * The private origins this node may connect to, as {@code host[:port[-port]]} entries separated by commas
         * (the SSRF policy: nothing private is reachable by default).
         */
        public Builder allowedPrivateOrigins(String entries) {
            try {
                this.allowedPrivateOrigins = PrivateOriginAllowList.parse(entries);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("allowedPrivateOrigins: " + e.getMessage(), e);
            }
            return this;
        }

        /** Resolves origin names with this resolver (tests map names to addresses; production keeps the default). */
        public Builder originResolver(AddressResolverGroup<?> resolver) {
            this.originResolver = Objects.requireNonNull(resolver, "originResolver must not be null");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /** Checks the combination: exactly one config source, and an admin token. */
        public EdgeSettings build() {
            if (configFile != null && controlPlane != null) {
                throw new IllegalStateException("configFile and controlPlane are exclusive: choose standalone or managed");
            }
            if (configFile == null && controlPlane == null) {
                throw new IllegalStateException("one of configFile (standalone) or controlPlane (managed) is required");
            }
            if (adminToken == null) {
                throw new IllegalStateException("adminToken is required: the admin listener refuses unauthenticated calls");
            }
            if (shield != null && shields != null) {
                throw new IllegalStateException("shield and shields are exclusive: one shield, or the whole tier");
            }
            if (role == EdgeRole.SHIELD && (shield != null || shields != null && !shields.isEmpty())) {
                throw new IllegalStateException("a node with role shield must not have a shield of its own");
            }
            if (!fleetCertNames.isEmpty() && (role != EdgeRole.SHIELD || controlPlane == null)) {
                throw new IllegalStateException("fleetCertNames is for a shield with a control plane (its fleet CA"
                        + " issues the certificate)");
            }
            return new EdgeSettings(this);
        }

        private static String host(String setting, String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException(setting + " host must not be blank");
            }
            return host;
        }

        private static int port(String setting, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(setting + " port must be between 0 and 65535 (0 = random), got " + port);
            }
            return port;
        }

        private static URI httpUri(String setting, URI uri) {
            if (uri == null || uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException(setting + " must be an absolute http(s) URL such as http://127.0.0.1:8001, got '" + uri + "'");
            }
            return uri;
        }

        private static Duration positive(String setting, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(setting + " must be positive, got " + d);
            }
            return d;
        }
    }
}

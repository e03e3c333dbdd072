package dev.cdn.edge.settings;

import static dev.cdn.edge.settings.SettingChecks.atLeastOneMiB;
import static dev.cdn.edge.settings.SettingChecks.between;
import static dev.cdn.edge.settings.SettingChecks.host;
import static dev.cdn.edge.settings.SettingChecks.httpUri;
import static dev.cdn.edge.settings.SettingChecks.notBlank;
import static dev.cdn.edge.settings.SettingChecks.port;
import static dev.cdn.edge.settings.SettingChecks.positive;

import dev.cdn.config.PrivateOriginAllowList;
import dev.cdn.edge.esi.AssemblyLimits;
import dev.cdn.edge.prefetch.PrefetchSettings;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.store.DiskStorage;
import dev.cdn.edge.tls.TlsProvider;
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
import java.util.Objects;
import java.util.Set;

/**
 * The builder of {@link EdgeSettings} ({@link EdgeSettings#builder()}), copy-on-build: every setter checks its
 * argument and names the setting in its message ({@link SettingChecks}); {@link #build()} checks the combination.
 * Its fields hold the defaults.
 */
public final class EdgeSettingsBuilder {
    String nodeId = "edge-1";
    EdgeRole role = EdgeRole.EDGE;
    String pop = "local";
    String listenHost = "127.0.0.1";
    int listenPort = 8000;
    String tlsListenHost = "127.0.0.1";
    int tlsListenPort = 8443;
    Path tlsCertDir;
    TlsProvider tlsProvider = TlsProvider.AUTO;
    String tlsOffloadHost;
    int tlsOffloadPort;
    String adminHost = "127.0.0.1";
    int adminPort = 9000;
    String adminToken;
    Path configFile;
    URI controlPlane;
    String edgeToken;
    URI shield;
    ShieldTopology shields;
    String region = "local";
    Path stateDir;
    long memoryBytes = EdgeSettings.DEFAULT_MEMORY_BYTES;
    Path diskDir;
    Path memoryFilesDir;
    long diskBytes = EdgeSettings.DEFAULT_DISK_BYTES;
    long diskWriteQueueBytes = DiskStorage.DEFAULT_WRITE_QUEUE_BYTES;
    long fillBufferBytes = EdgeSettings.DEFAULT_FILL_BUFFER_BYTES;
    Duration lockTimeout = Duration.ofSeconds(5);
    AssemblyLimits esiLimits = AssemblyLimits.DEFAULT;
    Set<String> esiAllowedHosts = Set.of();
    Duration hitForMiss = Duration.ofSeconds(10);
    PrefetchSettings prefetch = PrefetchSettings.OFF;
    Duration configPollInterval = Duration.ofSeconds(1);
    Duration controlIdleTimeout = Duration.ofSeconds(30);
    Duration maxBackoff = Duration.ofSeconds(10);
    int loadCapacity = EdgeSettings.DEFAULT_LOAD_CAPACITY;
    boolean fleetTrust = true;
    List<String> fleetCertNames = List.of();
    Duration clientTimeout = Duration.ofSeconds(60);
    HealthSettings health = HealthSettings.DEFAULTS;
    PrivateOriginAllowList allowedPrivateOrigins = PrivateOriginAllowList.NONE;
    AddressResolverGroup<?> originResolver;
    UpstreamTimeouts upstreamTimeouts = UpstreamTimeouts.DEFAULTS;
    int upstreamConnections = EdgeSettings.DEFAULT_UPSTREAM_CONNECTIONS;
    Integer serviceConnections;
    Integer originConnections;
    Integer serviceQueue;
    ShieldDownPolicy shieldDown = ShieldDownPolicy.ORIGIN;
    Clock clock = Clock.systemUTC();
    Path geoFile;

    EdgeSettingsBuilder() {
    }

    public EdgeSettingsBuilder nodeId(String nodeId) {
        this.nodeId = SettingChecks.nodeId(nodeId);
        return this;
    }

    public EdgeSettingsBuilder role(EdgeRole role) {
        this.role = Objects.requireNonNull(role, "role must not be null");
        return this;
    }

    public EdgeSettingsBuilder pop(String pop) {
        this.pop = SettingChecks.pop(pop);
        return this;
    }

    public EdgeSettingsBuilder listen(String host, int port) {
        this.listenHost = host("listen", host);
        this.listenPort = port("listen", port);
        return this;
    }

    /** Where TLS client traffic is accepted; only used together with {@link #tlsCertDir(Path)}. */
    public EdgeSettingsBuilder tlsListen(String host, int port) {
        this.tlsListenHost = host("tlsListen", host);
        this.tlsListenPort = port("tlsListen", port);
        return this;
    }

    /** Turns the TLS listener on, presenting the certificate pairs in {@code dir}. */
    public EdgeSettingsBuilder tlsCertDir(Path dir) {
        this.tlsCertDir = Objects.requireNonNull(dir, "tlsCertDir must not be null");
        return this;
    }

    /** Which TLS implementation the client-facing TLS listener uses: auto (the default), openssl or jdk. */
    public EdgeSettingsBuilder tlsProvider(TlsProvider provider) {
        this.tlsProvider = Objects.requireNonNull(provider, "tlsProvider must not be null");
        return this;
    }

    /** A plain listener for traffic a load balancer received over TLS and terminated; treated as https. */
    public EdgeSettingsBuilder tlsOffloadListen(String host, int port) {
        this.tlsOffloadHost = host("tlsOffloadListen", host);
        this.tlsOffloadPort = port("tlsOffloadListen", port);
        return this;
    }

    public EdgeSettingsBuilder adminListen(String host, int port) {
        this.adminHost = host("adminListen", host);
        this.adminPort = port("adminListen", port);
        return this;
    }

    public EdgeSettingsBuilder adminToken(String token) {
        this.adminToken = notBlank("adminToken", token);
        return this;
    }

    /** An IP-to-country CSV (CIDR,COUNTRY per line) for country lists and conditions. */
    public EdgeSettingsBuilder geoFile(Path file) {
        this.geoFile = Objects.requireNonNull(file, "geoFile must not be null");
        return this;
    }

    public EdgeSettingsBuilder configFile(Path file) {
        this.configFile = Objects.requireNonNull(file, "configFile must not be null");
        return this;
    }

    public EdgeSettingsBuilder controlPlane(URI baseUrl, String edgeToken) {
        this.controlPlane = httpUri("controlPlane", baseUrl);
        this.edgeToken = notBlank("controlPlane edge token", edgeToken);
        return this;
    }

    /** One shield, as a region of its own: this node's region (the {@code --shield URL} flag). */
    public EdgeSettingsBuilder shield(URI shield) {
        this.shield = httpUri("shield", shield);
        return this;
    }

    /** The whole shield tier, region by region (the {@code --shields} flag). */
    public EdgeSettingsBuilder shields(ShieldTopology shields) {
        this.shields = Objects.requireNonNull(shields, "shields must not be null");
        return this;
    }

    public EdgeSettingsBuilder region(String region) {
        this.region = SettingChecks.region(region);
        return this;
    }

    public EdgeSettingsBuilder stateDir(Path dir) {
        this.stateDir = Objects.requireNonNull(dir, "stateDir must not be null");
        return this;
    }

    public EdgeSettingsBuilder memoryBytes(long bytes) {
        this.memoryBytes = atLeastOneMiB("memoryBytes", bytes);
        return this;
    }

    /** A memory-backed (tmpfs) directory for large RAM-tier bodies, sent with sendfile ({@code store.MemoryFiles}). */
    public EdgeSettingsBuilder memoryFilesDir(Path dir) {
        this.memoryFilesDir = Objects.requireNonNull(dir, "memoryFilesDir must not be null");
        return this;
    }

    public EdgeSettingsBuilder diskDir(Path dir) {
        this.diskDir = Objects.requireNonNull(dir, "diskDir must not be null");
        return this;
    }

    public EdgeSettingsBuilder diskBytes(long bytes) {
        this.diskBytes = atLeastOneMiB("diskBytes", bytes);
        return this;
    }

    public EdgeSettingsBuilder diskWriteQueueBytes(long bytes) {
        this.diskWriteQueueBytes = atLeastOneMiB("diskWriteQueueBytes", bytes);
        return this;
    }

    public EdgeSettingsBuilder fillBufferBytes(long bytes) {
        this.fillBufferBytes = atLeastOneMiB("fillBufferBytes", bytes);
        return this;
    }

    public EdgeSettingsBuilder esiLimits(AssemblyLimits limits) {
        this.esiLimits = Objects.requireNonNull(limits, "esiLimits");
        return this;
    }

    public EdgeSettingsBuilder esiAllowedHosts(String... hosts) {
        this.esiAllowedHosts = Set.of(hosts);
        return this;
    }

    public EdgeSettingsBuilder lockTimeout(Duration timeout) {
        this.lockTimeout = positive("lockTimeout", timeout);
        return this;
    }

    public EdgeSettingsBuilder prefetch(PrefetchSettings prefetch) {
        this.prefetch = Objects.requireNonNull(prefetch, "prefetch");
        return this;
    }

    public EdgeSettingsBuilder hitForMiss(Duration duration) {
        this.hitForMiss = positive("hitForMiss", duration);
        return this;
    }

    public EdgeSettingsBuilder configPollInterval(Duration interval) {
        this.configPollInterval = positive("configPollInterval", interval);
        return this;
    }

    public EdgeSettingsBuilder controlIdleTimeout(Duration timeout) {
        this.controlIdleTimeout = positive("controlIdleTimeout", timeout);
        return this;
    }

    public EdgeSettingsBuilder loadCapacity(int connections) {
        this.loadCapacity = between("loadCapacity", connections, 1, 10_000_000);
        return this;
    }

    public EdgeSettingsBuilder fleetTrust(boolean on) {
        this.fleetTrust = on;
        return this;
    }

    /** The names edges reach this shield by, served with a fleet CA certificate on the TLS listener. */
    public EdgeSettingsBuilder fleetCertNames(List<String> names) {
        this.fleetCertNames = SettingChecks.fleetCertNames(names);
        return this;
    }

    public EdgeSettingsBuilder maxBackoff(Duration max) {
        this.maxBackoff = positive("maxBackoff", max);
        return this;
    }

    public EdgeSettingsBuilder upstreamTimeouts(UpstreamTimeouts timeouts) {
        this.upstreamTimeouts = Objects.requireNonNull(timeouts, "upstreamTimeouts must not be null");
        return this;
    }

    public EdgeSettingsBuilder upstreamConnections(int connections) {
        this.upstreamConnections = between("upstreamConnections", connections, 1, 100_000);
        return this;
    }

    /** Connections one service may hold over all its upstreams; default a quarter of upstreamConnections. */
    public EdgeSettingsBuilder serviceConnections(int connections) {
        this.serviceConnections = between("serviceConnections", connections, 1, 100_000);
        return this;
    }

    /** Connections one service may hold to one origin (address); default as serviceConnections. */
    public EdgeSettingsBuilder originConnections(int connections) {
        this.originConnections = between("originConnections", connections, 1, 100_000);
        return this;
    }

    /** Requests of one service that may wait for a connection; default as serviceConnections. */
    public EdgeSettingsBuilder serviceQueue(int requests) {
        this.serviceQueue = between("serviceQueue", requests, 0, 100_000);
        return this;
    }

    public EdgeSettingsBuilder shieldDown(ShieldDownPolicy policy) {
        this.shieldDown = Objects.requireNonNull(policy, "shieldDown must not be null");
        return this;
    }

    public EdgeSettingsBuilder clientTimeout(Duration timeout) {
        this.clientTimeout = positive("clientTimeout", timeout);
        return this;
    }

    public EdgeSettingsBuilder health(HealthSettings health) {
        this.health = Objects.requireNonNull(health, "health must not be null");
        return this;
    }

    /**
     * The private origins this node may connect to, as {@code host[:port[-port]]} entries separated by commas
     * (the SSRF policy: nothing private is reachable by default).
     */
    public EdgeSettingsBuilder allowedPrivateOrigins(String entries) {
        try {
            this.allowedPrivateOrigins = PrivateOriginAllowList.parse(entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("allowedPrivateOrigins: " + e.getMessage(), e);
        }
        return this;
    }

    /** Resolves origin names with this resolver (tests map names to addresses; production keeps the default). */
    public EdgeSettingsBuilder originResolver(AddressResolverGroup<?> resolver) {
        this.originResolver = Objects.requireNonNull(resolver, "originResolver must not be null");
        return this;
    }

    public EdgeSettingsBuilder clock(Clock clock) {
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
}

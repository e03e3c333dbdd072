package dev.cdn.edge;

import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.upstream.HealthSettings;
import dev.cdn.edge.upstream.ShieldDownPolicy;
import dev.cdn.edge.upstream.ShieldTopology;
import dev.cdn.edge.upstream.UpstreamTimeouts;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import dev.cdn.edge.prefetch.PrefetchSettings;
import dev.cdn.edge.tls.TlsProvider;
import java.util.Arrays;

/** The command line of the edge runtime: parses flags into {@link EdgeSettings}, starts a node and waits. */
public final class EdgeMain {

    static final String USAGE = """
            Usage: java -jar edge-runtime-exec.jar [options]

            Config source (exactly one):
              --config FILE              standalone: serve the EdgeConfig JSON in FILE, reloaded when it changes
              --control-plane URL        managed: stream configs and purges from the control plane at URL
              --edge-token TOKEN         bearer token for the control plane (or env CDN_EDGE_TOKEN)

            Listeners:
              --listen HOST:PORT         client traffic (default 127.0.0.1:8000)
              --tls-listen HOST:PORT     client traffic over TLS (default 127.0.0.1:8443; needs --tls-cert-dir or
                                         --fleet-cert-names)
              --tls-cert-dir DIR         turn TLS on: NAME.crt + NAME.key PEM pairs in DIR, chosen by SNI from each
                                         certificate's DNS names (NAME default when none matches); re-read every 10 s;
                                         with --control-plane, tenants' certificates are served beside them
              --tls-provider auto|openssl|jdk
                                         TLS implementation of that listener (default auto: OpenSSL, built in for
                                         linux-x86_64, when it loads, else the JDK's; openssl: refuse to start
                                         without it); the choice is logged and exported as edge_tls_provider
              --tls-offload-listen HOST:PORT
                                         plain listener for traffic whose TLS a load balancer in front terminated:
                                         cached and forwarded as https (keep it reachable only by that balancer)
              --admin-listen HOST:PORT   admin endpoints (default 127.0.0.1:9000); /healthz (liveness) and /readyz
                                         (readiness: configs, control plane caught up, disk usable) need no token
              --admin-token TOKEN        bearer token for the admin endpoints (or env CDN_ADMIN_TOKEN); required

            Node:
              --node-id ID               node id used in Via, Cache-Status and CDN-Loop (default edge-1)
              --role edge|shield         tier this node plays (default edge)
              --pop NAME                 point of presence (default local)
              --region NAME              region this node is in (default local): an edge's shielded services use
                                         this region's shields unless their settings name another
              --shield URL               send misses of shield-enabled services to this one shield, a region of
                                         its own (edge role only)
              --shields REGION=URL,URL;REGION2=URL
                                         the shield tier, region by region (edge role only; not with --shield): a
                                         miss goes to the shield of its service's region that its cache key hashes
                                         to (rendezvous hashing), then the region's other shields, then the other
                                         regions' shields in the order listed, then the origins (docs/routing.md)
                                         With a control plane, --shield/--shields/--region are the start-up
                                         topology only: once the control plane pushes one (GET /v1/topology) it
                                         wins, kept in --state-dir, and the region listing --pop is this node's
              --fleet-trust on|off       with a control plane (default on): a shield answers only requests that
                                         carry a fleet credential the control plane signed, and every node
                                         presents its own to its shields (docs/routing.md, "Fleet trust")
              --fleet-cert-names NAME[,NAME...]
                                         shield role with a control plane: the names (DNS names or IP addresses, at
                                         most 8) edges reach this shield by, such as its load balancer's DNS name;
                                         the shield serves a certificate the control plane's fleet CA issues for
                                         them on --tls-listen, renewed at half its life (docs/routing.md, "Edge to
                                         shield over TLS")
              --state-dir DIR            persist the last good configs here and serve them at start (fail static)
              --memory MB                RAM cache size in MiB (default 256)
              --memory-files DIR         keep RAM-cache bodies of 64 KiB and more in files in DIR, which must be a
                                         tmpfs such as /dev/shm (its size bounds them too), and send them with
                                         sendfile over plain HTTP (default: all in direct memory)
              --disk-dir DIR             persistent disk cache (L2) in DIR; objects survive a restart
              --disk MB                  disk cache size in MiB (default 1024; needs --disk-dir)
              --prefetch-per-second N    a shield's predictive prefetch: objects prefetched per second and service
                                         (default 0: off; needs --prefetch-bytes-per-second)
              --prefetch-bytes-per-second N  body bytes prefetched per second and service
              --disk-write-queue MB      bodies the disk writer may hold on the heap at once, in MiB (default 32);
                                         a write past it is refused and counted (edge_disk_write_refused_total)
              --fill-buffer MB           bodies being filled (and held for their coalesced readers) the node may hold
                                         at once, in MiB (default 64); a fill past it is streamed through to its
                                         client, neither buffered nor stored, and counted
                                         (edge_fill_buffer_refused_total)
              --health-interval SECONDS  time between active health checks of origins (default 5)
              --health-timeout MS        bound of one active health check (default 2000)
              --allowed-private-origins LIST
                                         private origins this node may reach, comma-separated host[:port[-port]]
                                         (or env CDN_ALLOWED_PRIVATE_ORIGINS); every other private, loopback,
                                         link-local or metadata address, and this node's own listeners, is
                                         refused where the connection is made (502)
              --geo-file FILE            IP-to-country table, CSV lines of CIDR,COUNTRY (ISO 3166-1 alpha-2; '#'
                                         starts a comment), for services' country lists and rule conditions; read
                                         at start (a sample ships as ops/geo-sample.csv)

            Upstream hops (caps: an origin's own connectTimeoutMs/readTimeoutMs apply when shorter):
              --upstream-connect-timeout MS
                                         bound to connect to an origin or the shield (default 3000)
              --upstream-first-byte-timeout MS
                                         bound from request to response headers (default 10000; the hop to a shield
                                         adds the connect bound, so a live shield answers 504 itself first)
              --upstream-idle-timeout MS silence allowed between two reads of a fill's body (default 10000)
              --stale-if-error-timeout MS
                                         first-byte bound of a request holding a stale copy it may serve on error:
                                         past it, that copy is served (default 1500)
              --load-capacity N          open client connections this node is sized for (default 10000): with a
                                         control plane, an edge reports connections / N (at most 1) as its load,
                                         which the GeoDNS responder weighs (docs/routing.md)
              --upstream-connections N   connections in use to one upstream address (the shield, or one origin) at
                                         most, over all services (default 1000)
              --upstream-service-connections N
                                         connections one service may use at once over all its upstreams: its share,
                                         so a slow origin cannot take other services' connections (default a quarter
                                         of --upstream-connections)
              --upstream-origin-connections N
                                         connections one service may use at once to one of its origins (default as
                                         --upstream-service-connections)
              --upstream-service-queue N requests of one service that may wait for a connection in its share, each
                                         at most the connect bound; beyond, it is answered 503 with Retry-After (or
                                         served stale-if-error) and counted in edge_bulkhead_refused_total (default
                                         as --upstream-service-connections)
              --shield-down origin|fail  the last step of a shielded miss once no shield could take it (each marked
                                         down by passive health, or refusing connections): fetch from the origins
                                         directly, or answer 504 at once (default origin)
              --help                     print this help and exit

            JVM properties: Netty's leak detection is off unless the JVM is started with
            -Dio.netty.leakDetection.level=simple|advanced|paranoid (docs/edge.md, "Bodies in direct memory").
            """;

    private EdgeMain() {
    }

    /**
     * Netty's system properties the edge sets unless the JVM was started with them; applied before any Netty class
     * loads, since Netty reads them once.
     */
    static void nettyDefaults(Properties properties) {
        // Lets Netty free the RAM tier's direct bodies without a JDK cleaner (with the jar's Add-Opens of java.nio), so
        // their memory is neither bound by nor waiting on the garbage collector.
        properties.putIfAbsent("io.netty.tryReflectionSetAccessible", "true");
        // Netty samples one buffer allocation in 128 for leaks by default and records each sampled one's stack: a
        // measurable share of a hit's CPU (docs/benchmarks.md, "Run O"). Leaks are the tests' business (the stress
        // tests run under paranoid detection and fail on one), and the RAM tier's direct bytes are a gauge
        // (edge_store_direct_bytes), so production runs without it; -Dio.netty.leakDetection.level=simple turns it on.
        if (properties.getProperty("io.netty.leakDetection.level") == null
                && properties.getProperty("io.netty.leakDetectionLevel") == null) {
            properties.setProperty("io.netty.leakDetection.level", "disabled");
        }
    }

    public static void main(String[] args) {
        nettyDefaults(System.getProperties());
        int code = run(args, System.getenv(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the CLI; returns the exit code on failure or --help, and blocks while the node runs. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        EdgeSettings settings;
        try {
            settings = parse(args, env);
        } catch (HelpRequested h) {
            out.print(USAGE);
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("edge: " + e.getMessage());
            err.println("Run with --help for usage.");
            return 2;
        }
        EdgeNode node;
        try {
            node = EdgeNode.start(settings);
        } catch (RuntimeException e) {
            err.println("edge: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "edge-shutdown"));
        node.awaitClose();
        return 0;
    }

    static EdgeSettings parse(String[] args, Map<String, String> env) {
        EdgeSettingsBuilder b = EdgeSettings.builder();
        String edgeToken = env.get("CDN_EDGE_TOKEN");
        String adminToken = env.get("CDN_ADMIN_TOKEN");
        String allowedPrivateOrigins = env.get("CDN_ALLOWED_PRIVATE_ORIGINS");
        URI controlPlane = null;
        HealthSettings.Builder health = HealthSettings.builder();
        UpstreamTimeouts timeouts = UpstreamTimeouts.DEFAULTS;
        PrefetchSettings prefetch = PrefetchSettings.OFF;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag.startsWith("--") && known(flag)
                            ? flag + " needs a value" : "unknown option '" + flag + "'");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--config" -> b.configFile(Path.of(value));
                case "--control-plane" -> controlPlane = uri("--control-plane", value);
                case "--edge-token" -> edgeToken = value;
                case "--listen" -> {
                    HostPort hp = HostPort.parse("--listen", value);
                    b.listen(hp.host(), hp.port());
                }
                case "--tls-listen" -> {
                    HostPort hp = HostPort.parse("--tls-listen", value);
                    b.tlsListen(hp.host(), hp.port());
                }
                case "--tls-cert-dir" -> b.tlsCertDir(Path.of(value));
                case "--tls-provider" -> b.tlsProvider(TlsProvider.parse(value));
                case "--tls-offload-listen" -> {
                    HostPort hp = HostPort.parse("--tls-offload-listen", value);
                    b.tlsOffloadListen(hp.host(), hp.port());
                }
                case "--admin-listen" -> {
                    HostPort hp = HostPort.parse("--admin-listen", value);
                    b.adminListen(hp.host(), hp.port());
                }
                case "--admin-token" -> adminToken = value;
                case "--allowed-private-origins" -> allowedPrivateOrigins = value;
                case "--node-id" -> b.nodeId(value);
                case "--role" -> b.role(EdgeRole.parse(value));
                case "--pop" -> b.pop(value);
                case "--shield" -> b.shield(uri("--shield", value));
                case "--shields" -> b.shields(ShieldTopology.parse(value));
                case "--region" -> b.region(value);
                case "--fleet-trust" -> b.fleetTrust(switch (value) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--fleet-trust must be on or off, got '" + value + "'");
                });
                case "--fleet-cert-names" -> b.fleetCertNames(Arrays.stream(value.split(","))
                        .map(String::trim).filter(n -> !n.isEmpty()).toList());
                case "--state-dir" -> b.stateDir(Path.of(value));
                case "--geo-file" -> b.geoFile(Path.of(value));
                case "--memory" -> {
                    try {
                        b.memoryBytes(Long.parseLong(value) * 1024 * 1024);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--memory must be a number of MiB, got '" + value + "'");
                    }
                }
                case "--memory-files" -> b.memoryFilesDir(Path.of(value));
                case "--disk-dir" -> b.diskDir(Path.of(value));
                case "--disk" -> {
                    try {
                        b.diskBytes(Long.parseLong(value) * 1024 * 1024);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--disk must be a number of MiB, got '" + value + "'");
                    }
                }
                case "--disk-write-queue" -> b.diskWriteQueueBytes(number(flag, value, "MiB") * 1024 * 1024);
                case "--fill-buffer" -> b.fillBufferBytes(number(flag, value, "MiB") * 1024 * 1024);
                case "--health-interval" -> health.checkInterval(Duration.ofSeconds(number(flag, value, "seconds")));
                case "--health-timeout" -> health.checkTimeout(Duration.ofMillis(number(flag, value, "milliseconds")));
                case "--upstream-connect-timeout" -> timeouts = timeouts.withConnect(millis(flag, value));
                case "--upstream-first-byte-timeout" -> timeouts = timeouts.withFirstByte(millis(flag, value));
                case "--upstream-idle-timeout" -> timeouts = timeouts.withIdle(millis(flag, value));
                case "--stale-if-error-timeout" -> timeouts = timeouts.withStaleIfErrorFirstByte(millis(flag, value));
                case "--upstream-connections" -> b.upstreamConnections(intFlag(flag, value));
                case "--load-capacity" -> b.loadCapacity(intFlag(flag, value));
                case "--upstream-service-connections" -> b.serviceConnections(intFlag(flag, value));
                case "--upstream-origin-connections" -> b.originConnections(intFlag(flag, value));
                case "--upstream-service-queue" -> b.serviceQueue(intFlag(flag, value));
                case "--shield-down" -> b.shieldDown(ShieldDownPolicy.parse(value));
                case "--prefetch-per-second" -> prefetch = prefetch.withBudget(intFlag(flag, value), prefetch.bytesPerSecond());
                case "--prefetch-bytes-per-second" -> prefetch = prefetch.withBudget(prefetch.perSecond(), number(flag, value, "bytes"));
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        b.health(health.build());
        if (prefetch.perSecond() > 0 && prefetch.bytesPerSecond() == 0) {
            throw new IllegalArgumentException("--prefetch-per-second needs --prefetch-bytes-per-second too");
        }
        b.prefetch(prefetch);
        if (allowedPrivateOrigins != null) {
            b.allowedPrivateOrigins(allowedPrivateOrigins);
        }
        b.upstreamTimeouts(timeouts);
        if (controlPlane != null) {
            if (edgeToken == null || edgeToken.isBlank()) {
                throw new IllegalArgumentException("--control-plane needs --edge-token or env CDN_EDGE_TOKEN");
            }
            b.controlPlane(controlPlane, edgeToken);
        }
        if (adminToken != null) {
            b.adminToken(adminToken);
        } else {
            throw new IllegalArgumentException("--admin-token (or env CDN_ADMIN_TOKEN) is required");
        }
        return b.build();
    }

    private static long number(String flag, String value, String unit) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number of " + unit + ", got '" + value + "'");
        }
    }

    private static int intFlag(String flag, String value) {
        long n = number(flag, value, "connections or requests");
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
    }

    private static Duration millis(String flag, String value) {
        long ms = number(flag, value, "milliseconds");
        if (ms < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1 millisecond, got " + ms);
        }
        return Duration.ofMillis(ms);
    }

    private static boolean known(String flag) {
        return USAGE.contains(flag + " ");
    }

    private static URI uri(String flag, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " must be a URL, got '" + value + "'");
        }
    }

    /** A HOST:PORT flag value. */
    record HostPort(String host, int port) {
        static HostPort parse(String flag, String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new IllegalArgumentException(flag + " must be HOST:PORT, got '" + value + "'");
            }
            try {
                String host = value.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                return new HostPort(host, Integer.parseInt(value.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " port must be a number, got '" + value + "'");
            }
        }
    }

    /** --help was given. */
    private static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}

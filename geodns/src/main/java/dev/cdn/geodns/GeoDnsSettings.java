package dev.cdn.geodns;

import dev.cdn.geodns.choice.ChoiceSettings;
import dev.cdn.geodns.wire.ZoneSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The responder's command line, validated with a message naming the flag. */
record GeoDnsSettings(String dnsHost, int dnsPort, String adminHost, int adminPort, String adminToken, Path pops,
                      Path locations, URI controlPlane, String operatorToken, Duration pollInterval,
                      Set<String> hostNames, ZoneSettings zone, ChoiceSettings choice, Duration tcpIdle) {

    static final String HELP = """
            usage: cdn-geodns --zone NAME --pops FILE --locations FILE [options]

            An authoritative DNS responder for the service host names: each answer holds the edge addresses of the
            best PoP for the client (docs/routing.md, "Client routing: GeoDNS").

              --zone NAME[,NAME]        zones served (required); a name inside one that is not a service gets NXDOMAIN,
                                        a name outside every zone that is not a service host name gets REFUSED
              --pops FILE               the PoP file (required): NAME LAT LON ADDR[,ADDR] [load=L] [latency=MS] [drained]
              --locations FILE          the IP-to-location file (required): CIDR LAT LON [COUNTRY]
                                        both files are re-read when they change; examples/geodns has samples
              --dns-listen HOST:PORT    UDP and TCP (default 127.0.0.1:5353)
              --admin-listen HOST:PORT  /healthz, /explain, /metrics (default 127.0.0.1:9053)
              --admin-token TOKEN       bearer token of /explain and /metrics (or CDN_ADMIN_TOKEN; required)
              --control-plane URL       platform-api: PoP health from GET /v1/edges, names from GET /v1/hostnames
              --operator-token TOKEN    the operator token for those (or CDN_OPERATOR_TOKEN)
              --poll-interval SECONDS   how often the control plane is read, 1-300 (default 10)
              --host-names NAME[,NAME]  service host names served without a control plane (added to its list)
              --name-server NAME[,NAME] the NS names at each apex (default ns1.<zone>)
              --ttl SECONDS             TTL of address answers (default 30)
              --negative-ttl SECONDS    SOA minimum: how long NXDOMAIN/NODATA is cached (default 30)
              --explore-share SHARE     share of answers sent to a runner-up, 0-0.5 (default 0.1)
              --explore-within-ms MS    a runner-up is explored only within this cost of the best (default 30)
              --explore-among N         how many runner-ups may be explored (default 2)
              --max-query-bytes N       larger queries get FORMERR, larger TCP messages close the connection (default 512)
              --tcp-idle-seconds N      an idle TCP connection is closed after this (default 10)
              --help                    this text
            """;

    static GeoDnsSettings parse(String[] args, Map<String, String> env) {
        Flags f = new Flags(args);
        List<String> zones = f.list("--zone");
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("--zone is required");
        }
        String[] dns = hostPort(f.get("--dns-listen", "127.0.0.1:5353"), "--dns-listen");
        String[] admin = hostPort(f.get("--admin-listen", "127.0.0.1:9053"), "--admin-listen");
        String adminToken = f.get("--admin-token", env.get("CDN_ADMIN_TOKEN"));
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("--admin-token (or CDN_ADMIN_TOKEN) is required");
        }
        String pops = f.required("--pops");
        String locations = f.required("--locations");
        String cp = f.get("--control-plane", null);
        String operatorToken = f.get("--operator-token", env.get("CDN_OPERATOR_TOKEN"));
        URI controlPlane = null;
        if (cp != null) {
            controlPlane = URI.create(cp.endsWith("/") ? cp : cp + "/");
            if (!"http".equals(controlPlane.getScheme()) && !"https".equals(controlPlane.getScheme())) {
                throw new IllegalArgumentException("--control-plane must be an http(s) URL, got " + cp);
            }
            if (operatorToken == null || operatorToken.isBlank()) {
                throw new IllegalArgumentException("--operator-token (or CDN_OPERATOR_TOKEN) is required with --control-plane");
            }
        }
        int poll = f.integer("--poll-interval", 10, 1, 300);
        ZoneSettings zone = new ZoneSettings(zones, f.list("--name-server"), f.integer("--ttl", 30, 0, 86_400),
                f.integer("--negative-ttl", 30, 0, 86_400), f.integer("--max-query-bytes", 512, 12, 65_535));
        ChoiceSettings choice = new ChoiceSettings(f.decimal("--explore-share", 0.1), f.decimal("--explore-within-ms", 30),
                f.integer("--explore-among", 2, 0, 8));
        return new GeoDnsSettings(dns[0], Integer.parseInt(dns[1]), admin[0], Integer.parseInt(admin[1]), adminToken,
                Path.of(pops), Path.of(locations), controlPlane, operatorToken, Duration.ofSeconds(poll),
                Set.copyOf(f.list("--host-names")), zone, choice, Duration.ofSeconds(f.integer("--tcp-idle-seconds", 10, 1, 600)));
    }

    private static String[] hostPort(String value, String flag) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(flag + " must be HOST:PORT, got " + value);
        }
        String host = value.substring(0, colon).replace("[", "").replace("]", "");
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return new String[] {host, Integer.toString(port)};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " has no valid port: " + value);
        }
    }

    /** {@code --flag value} pairs; each flag at most once, except the comma lists. */
    private static final class Flags {
        private static final Set<String> KNOWN = Set.of("--zone", "--pops", "--locations", "--dns-listen", "--admin-listen",
                "--admin-token", "--control-plane", "--operator-token", "--poll-interval", "--host-names", "--name-server",
                "--ttl", "--negative-ttl", "--explore-share", "--explore-within-ms", "--explore-among", "--max-query-bytes",
                "--tcp-idle-seconds");
        private final Map<String, String> values = new java.util.HashMap<>();

        Flags(String[] args) {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value;
                if (a.contains("=")) {
                    value = a.substring(a.indexOf('=') + 1);
                    a = a.substring(0, a.indexOf('='));
                } else {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    value = args[++i];
                }
                if (!KNOWN.contains(a)) {
                    throw new IllegalArgumentException("unknown flag " + a + " (--help lists them)");
                }
                values.merge(a, value, (x, y) -> x + "," + y);
            }
        }

        String get(String flag, String fallback) {
            return values.getOrDefault(flag, fallback);
        }

        String required(String flag) {
            String v = values.get(flag);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(flag + " is required");
            }
            return v;
        }

        List<String> list(String flag) {
            String v = values.get(flag);
            return v == null ? List.of() : new ArrayList<>(Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        }

        int integer(String flag, int fallback, int min, int max) {
            String v = values.get(flag);
            if (v == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v.strip());
                if (n < min || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a whole number within " + min + ".." + max + ", got " + v);
            }
        }

        double decimal(String flag, double fallback) {
            String v = values.get(flag);
            if (v == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(v.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a number, got " + v);
            }
        }
    }
}

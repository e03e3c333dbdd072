package dev.cdn.edge.upstream;

/**
 * Where one fetch goes.
 *
 * @param hostHeader   Host header to send; null keeps the client's
 * @param shieldHealth the shield's passive health when the target is a shield (its name names the shield); null
 *                     for an origin
 * @param health       the origin's health, fed by what happens to requests sent here; null for a shield
 * @param step         the step of the failover chain this target is
 */
public record UpstreamTarget(String host, int port, boolean tls, String hostHeader, int connectTimeoutMs,
                             int readTimeoutMs, ShieldHealth shieldHealth, OriginHealth health, RouteStep step) {

    /** Whether the target is a shield, not an origin. */
    public boolean shield() {
        return shieldHealth != null;
    }

    /** The shield's name; null for an origin. */
    public String shieldName() {
        return shieldHealth == null ? null : shieldHealth.name();
    }

    public String baseUrl() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "https://" : "http://") + h + ":" + port;
    }
}

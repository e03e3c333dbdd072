package dev.cdn.edge.upstream;

/**
 * Where one fetch goes.
 *
 * @param hostHeader Host header to send; null keeps the client's
 * @param shield     the target is the shield tier, not an origin
 * @param health     the origin's health, fed by what happens to requests sent here; null for the shield
 */
public record UpstreamTarget(String host, int port, boolean tls, String hostHeader, int connectTimeoutMs,
                             int readTimeoutMs, boolean shield, OriginHealth health) {

    public String baseUrl() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "https://" : "http://") + h + ":" + port;
    }
}

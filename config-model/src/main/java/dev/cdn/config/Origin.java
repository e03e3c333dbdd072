package dev.cdn.config;

/**
 * One origin server. Origins with the same {@code pool} form a pool; within a pool, list order is the failover
 * order and {@code weight} spreads load among origins of equal priority.
 *
 * @param hostHeader      Host header sent upstream; null keeps the client's Host
 * @param weight          share of the pool's load (0-1000, default 100); 0 makes a backup, used only when no
 *                        origin of the pool with a weight is usable
 * @param healthCheckPath path that edges {@code GET} periodically to check the origin (2xx/3xx passes); null: the
 *                        origin is judged by its traffic alone (docs/edge.md, "Origin pools and health")
 */
public record Origin(
        String name,
        String host,
        int port,
        boolean tls,
        String hostHeader,
        Integer weight,
        String pool,
        String healthCheckPath,
        Integer connectTimeoutMs,
        Integer readTimeoutMs) {

    public static final String DEFAULT_POOL = "default";

    public Origin {
        weight = weight == null ? 100 : weight;
        pool = pool == null || pool.isBlank() ? DEFAULT_POOL : pool;
        connectTimeoutMs = connectTimeoutMs == null ? 5_000 : connectTimeoutMs;
        readTimeoutMs = readTimeoutMs == null ? 30_000 : readTimeoutMs;
    }

    /** A plain-HTTP origin with defaults for everything else. */
    public static Origin of(String name, String host, int port) {
        return new Origin(name, host, port, false, null, null, null, null, null, null);
    }
}

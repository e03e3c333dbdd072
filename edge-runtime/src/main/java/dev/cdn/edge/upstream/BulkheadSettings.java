package dev.cdn.edge.upstream;

/**
 * How many upstream connections one node lets each part of its traffic hold, so one tenant's slow origin cannot
 * take the connections every other tenant needs (the bulkhead pattern; Envoy bounds each cluster the same way with
 * its circuit breakers' {@code max_connections} and {@code max_pending_requests}).
 *
 * @param perAddress      connections in use to one upstream address (the shield, or one origin) by all services
 * @param perService      connections in use by one service, over all its upstreams: its share of the node
 * @param perOrigin       connections in use by one service to one upstream address (one origin of its pool)
 * @param queuePerService requests of one service waiting for a connection; one more is refused at once
 */
public record BulkheadSettings(int perAddress, int perService, int perOrigin, int queuePerService) {

    /** The defaults for {@code perAddress} connections per address: a service may hold a quarter of them. */
    public static BulkheadSettings forAddress(int perAddress) {
        int share = Math.max(1, perAddress / 4);
        return new BulkheadSettings(perAddress, share, share, share);
    }

    /** 1000 connections per address, 250 per service and per origin of a service, 250 waiting per service. */
    public static final BulkheadSettings DEFAULTS = forAddress(1000);

    public BulkheadSettings {
        range("perAddress", perAddress, 1);
        range("perService", perService, 1);
        range("perOrigin", perOrigin, 1);
        range("queuePerService", queuePerService, 0);
    }

    private static void range(String setting, int value, int min) {
        if (value < min || value > 100_000) {
            throw new IllegalArgumentException("upstream " + setting + " must be between " + min + " and 100000, got "
                    + value);
        }
    }
}

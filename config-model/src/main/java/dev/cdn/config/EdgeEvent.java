package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One message of the edge control channel (one line of the NDJSON stream an edge reads from the control plane).
 * Events are sequenced: an edge remembers the highest {@code seq} it applied and resumes after it.
 *
 * @param service   the new active configuration, for {@link Type#CONFIG}
 * @param serviceId the service removed, for {@link Type#REMOVE}
 * @param purge     the purge to apply, for {@link Type#PURGE}
 * @param warm      the URLs to warm, for {@link Type#WARM}
 * @param topology  the whole shield topology, for {@link Type#TOPOLOGY}
 *
 * <p>{@link Type#CERTIFICATES} carries no key material: it tells nodes that the certificates or ACME challenge
 * answers of {@code serviceId} changed, and they fetch the current set from {@code GET /v1/edge/certificates}, so
 * private keys never sit in the durable event log.
 */
public record EdgeEvent(long seq, Type type, ServiceConfig service, String serviceId, PurgeCommand purge,
                        WarmCommand warm, dev.cdn.config.topology.Topology topology) {

    /** An event of the kinds that carry no topology. */
    public EdgeEvent(long seq, Type type, ServiceConfig service, String serviceId, PurgeCommand purge,
                     WarmCommand warm) {
        this(seq, type, service, serviceId, purge, warm, null);
    }

    /**
     * The service id a node acknowledges a {@link Type#TOPOLOGY} event with: a topology belongs to no service, and
     * acks are keyed by (node, sequence, service).
     */
    public static final String TOPOLOGY_SUBJECT = "00000000-0000-0000-0000-000000000000";

    public enum Type {
        /** A service's active configuration (newer versions replace older ones; older ones are ignored). */
        @JsonProperty("config") CONFIG,
        /** A purge to apply. */
        @JsonProperty("purge") PURGE,
        /** A service no longer served. */
        @JsonProperty("remove") REMOVE,
        /** URLs to fetch so that they are stored (nodes of other roles ignore it). */
        @JsonProperty("warm") WARM,
        /** The service's certificates or ACME challenge answers changed: fetch them again. */
        @JsonProperty("certificates") CERTIFICATES,
        /** The whole shield topology (regions, shields, PoPs): replaces the one a node runs. */
        @JsonProperty("topology") TOPOLOGY,
        /** Keeps the connection alive; carries the current head sequence. */
        @JsonProperty("heartbeat") HEARTBEAT
    }

    public static EdgeEvent config(long seq, ServiceConfig service) {
        return new EdgeEvent(seq, Type.CONFIG, service, service.id(), null, null);
    }

    public static EdgeEvent purge(long seq, PurgeCommand purge) {
        return new EdgeEvent(seq, Type.PURGE, null, purge.serviceId(), purge, null);
    }

    public static EdgeEvent remove(long seq, String serviceId) {
        return new EdgeEvent(seq, Type.REMOVE, null, serviceId, null, null);
    }

    public static EdgeEvent warm(long seq, WarmCommand warm) {
        return new EdgeEvent(seq, Type.WARM, null, warm.serviceId(), null, warm);
    }

    public static EdgeEvent certificates(long seq, String serviceId) {
        return new EdgeEvent(seq, Type.CERTIFICATES, null, serviceId, null, null);
    }

    public static EdgeEvent topology(long seq, dev.cdn.config.topology.Topology topology) {
        return new EdgeEvent(seq, Type.TOPOLOGY, null, null, null, null, topology);
    }

    public static EdgeEvent heartbeat(long seq) {
        return new EdgeEvent(seq, Type.HEARTBEAT, null, null, null, null);
    }
}

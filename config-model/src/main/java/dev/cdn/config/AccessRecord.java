package dev.cdn.config;

import java.time.Instant;

/**
 * One client request as an edge saw it: a real-time log record (docs/observability.md, "Real-time logs"). Edges
 * ship them to the control plane in {@link AccessRecordBatch}es; tenants read them live or have them delivered.
 *
 * @param time        when the request arrived
 * @param serviceId   the service that answered it
 * @param client      the client's address as the edge's socket saw it
 * @param method      the request method
 * @param url         scheme, host, normalized path and query, as the client asked
 * @param status      the status code sent
 * @param bytes       body bytes sent
 * @param cacheStatus how the cache answered ({@code HIT}, {@code MISS}, ...; the names of the edge's
 *                    {@code Cache-Status}), {@code ERROR} for a response the edge made itself
 * @param originMillis how long the upstream took to send its headers; null when nothing was fetched
 * @param edge        the node that answered
 * @param rule        the name of the rule that matched ({@code default} when none did)
 * @param experiment  the experiment arm the request fell in; null when none applies
 */
public record AccessRecord(Instant time, String serviceId, String client, String method, String url, int status,
                           long bytes, String cacheStatus, Long originMillis, String edge, String rule,
                           String experiment) {
}

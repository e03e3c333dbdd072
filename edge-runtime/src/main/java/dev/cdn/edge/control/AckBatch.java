package dev.cdn.edge.control;

import dev.cdn.config.DiskUnverifiedPeriod;
import java.util.List;

/**
 * The body of one POST to {@code /v1/edge/acks} (or one line of the ack stream). {@code diskUnverified} is set only
 * on the one batch that reports the time a restarted node served its disk unverified; absent otherwise.
 */
public record AckBatch(String nodeId, String role, String pop, List<Ack> acks, DiskUnverifiedPeriod diskUnverified) {

    public AckBatch(String nodeId, String role, String pop, List<Ack> acks) {
        this(nodeId, role, pop, acks, null);
    }
}

package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.cdn.config.DiskUnverifiedPeriod;
import java.util.List;

/**
 * The body of one {@code POST /v1/edge/acks}, or one line of the ack stream. {@code diskUnverified} is set only on
 * the one batch that reports the time a restarted node served its disk unverified; absent otherwise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AckBatch(String nodeId, NodeRole role, String pop, List<Ack> acks, DiskUnverifiedPeriod diskUnverified) {

    public AckBatch {
        acks = acks == null ? List.of() : acks;
    }

    public AckBatch(String nodeId, NodeRole role, String pop, List<Ack> acks) {
        this(nodeId, role, pop, acks, null);
    }
}

package dev.cdn.edge.control;

import java.util.List;

/** The body of one POST to {@code /v1/edge/acks}. */
public record AckBatch(String nodeId, String role, String pop, List<Ack> acks) {
}

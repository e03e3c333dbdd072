package dev.cdn.api.publish;

import java.util.List;

/** Published after a node's acknowledgements were stored, for features that act on progress (warming phases). */
public record EdgeAcksReceived(String nodeId, String role, List<Long> appliedSeqs) {
}

package dev.cdn.config;

import java.util.List;

/**
 * A warming order as sent to edges: fetch these URLs through the normal request path so that they are stored.
 *
 * @param role          which tier warms: {@code shield} (first) or {@code edge} (once every shield is done)
 * @param ratePerSecond upper bound on fetches per second per node
 */
public record WarmCommand(String id, String serviceId, String role, List<String> urls, int ratePerSecond) {

    public WarmCommand {
        urls = urls == null ? List.of() : List.copyOf(urls);
    }
}

package dev.cdn.edge.purge;

import dev.cdn.config.PurgeKind;

/** The outcome of one purge: how many stored objects it removed or marked stale. */
public record PurgeResult(String serviceId, PurgeKind kind, boolean soft, int count) {
}

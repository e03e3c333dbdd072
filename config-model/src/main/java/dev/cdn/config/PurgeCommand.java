package dev.cdn.config;

import java.util.List;

/**
 * A purge as sent to edges.
 *
 * @param values absolute URLs ({@code http://host/path?query}) for {@link PurgeKind#URL}, surrogate keys for
 *               {@link PurgeKind#TAG}, absolute URL prefixes for {@link PurgeKind#PREFIX}; empty for
 *               {@link PurgeKind#ALL}
 * @param soft   mark matching objects stale instead of removing them
 */
public record PurgeCommand(String id, String serviceId, PurgeKind kind, List<String> values, boolean soft) {

    public PurgeCommand {
        values = values == null ? List.of() : List.copyOf(values);
    }
}

package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/** One page of the audit log, newest first; {@code next} is the {@code before} of the following page. */
public record AuditPage(List<Entry> items, Long next) {

    public AuditPage {
        items = ApiModels.list(items);
    }

    /** What to list: entries by one actor, about one service, in a time range; null means any. */
    public record Filter(String actor, String service, Instant from, Instant to) {
        public static final Filter NONE = new Filter(null, null, null, null);
    }

    /** One change: who ({@code user:<id>} or {@code token:<id>}), what, on which object. */
    public record Entry(long id, Instant at, String actor, String action, String targetType, String targetId,
            Object before, Object after) {
    }
}

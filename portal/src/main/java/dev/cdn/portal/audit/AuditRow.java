package dev.cdn.portal.audit;

import java.time.Instant;
import java.util.List;

import dev.cdn.portal.api.AuditPage;

/** One audit entry as people read it: who by name, what, on what by name, and the lines of what changed. */
record AuditRow(Instant at, String actor, String action, String target, List<String> changes) {

    static AuditRow of(AuditPage.Entry e, AuditNames names) {
        return new AuditRow(e.at(), names.actor(e.actor()), e.action(), names.target(e),
                AuditChanges.of(e.before(), e.after()));
    }
}

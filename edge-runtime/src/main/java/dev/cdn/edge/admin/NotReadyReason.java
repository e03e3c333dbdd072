package dev.cdn.edge.admin;

import java.util.Locale;

/** Why a {@link ReadinessCheck} failed; its wire name is the {@code reason} in a 503 answer of {@code GET /readyz}. */
public enum NotReadyReason {
    /** Managed, nothing applied from the control plane since start and no persisted state loaded at start. */
    NO_CONFIG(ReadinessCheck.CONFIG),
    /**
     * Managed and not caught up with the control plane since start: within the fail-static timeout, or past it with
     * nothing persisted to serve fail static.
     */
    NOT_CAUGHT_UP(ReadinessCheck.CONTROL_PLANE),
    /** The disk tier's index has not been rebuilt from its files yet. */
    DISK_INDEX_NOT_LOADED(ReadinessCheck.DISK),
    /** A probe file could not be written, synced and deleted in the disk tier's directory. */
    DISK_UNWRITABLE(ReadinessCheck.DISK),
    /** The probe did not finish within its bound: the disk hangs. */
    DISK_PROBE_TIMED_OUT(ReadinessCheck.DISK),
    /** Restarted and not caught up yet: the disk tier is not read (docs/operations.md, disk trust). */
    DISK_WAITING_FOR_CATCH_UP(ReadinessCheck.DISK);

    private final ReadinessCheck check;

    NotReadyReason(ReadinessCheck check) {
        this.check = check;
    }

    public ReadinessCheck check() {
        return check;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

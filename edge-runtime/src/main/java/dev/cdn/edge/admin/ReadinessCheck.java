package dev.cdn.edge.admin;

/** One of the conditions {@code GET /readyz} checks; its wire name appears in the answer. */
public enum ReadinessCheck {
    /** The node has configs to serve: from its {@code --config} file, the control plane, or its persisted state. */
    CONFIG("config"),
    /** A managed node has caught up with the control plane's event log once since start (or serves fail static). */
    CONTROL_PLANE("control-plane"),
    /** The disk tier, when configured: index loaded, directory writable, not waiting to be trusted. */
    DISK("disk");

    private final String wireName;

    ReadinessCheck(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

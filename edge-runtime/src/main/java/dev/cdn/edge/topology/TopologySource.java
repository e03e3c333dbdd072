package dev.cdn.edge.topology;

/** Where the shield topology a node runs came from; its label is shown on {@code /topology} and {@code /readyz}. */
public enum TopologySource {
    /** {@code --shields} / {@code --shield} (or none): a standalone node, or a managed one before any push. */
    FLAGS("flags"),
    /** The last topology the control plane pushed, read from {@code --state-dir} at start (fail static). */
    STATE("state"),
    /** Pushed by the control plane on this run. */
    CONTROL_PLANE("control-plane");

    private final String label;

    TopologySource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

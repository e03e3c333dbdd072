package dev.cdn.geodns.choice;

/** Whether a PoP may be answered, and if not, why. */
public enum PopHealth {
    /** Serving: answered. */
    UP("up"),
    /** The operator drained it in the PoP file. */
    DRAINED("drained"),
    /** The control plane lists no connected edge in it. */
    NO_CONNECTED_EDGE("no-connected-edge");

    private final String label;

    PopHealth(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

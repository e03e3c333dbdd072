package dev.cdn.geodns.choice;

/** How the answered PoP was picked: the same value feeds the explain endpoint and the metrics. */
public enum Pick {
    /** The lowest-cost healthy PoP. */
    BEST("best"),
    /** A runner-up within the exploration window, picked by weighted random. */
    EXPLORED("explored"),
    /** No PoP was healthy: the lowest-cost PoP that is not drained, so the name does not go dark. */
    FALLBACK_UNHEALTHY("fallback-unhealthy"),
    /** No PoP (that is not drained) has an address of the asked family: an empty answer. */
    NONE("none");

    private final String label;

    Pick(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

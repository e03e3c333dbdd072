package dev.cdn.geodns.wire;

/** How a query arrived; it bounds the response size (and names the metric). */
public enum Transport {
    UDP("udp"), TCP("tcp");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

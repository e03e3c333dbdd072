package dev.cdn.api.topology;

/** Where a stored topology version came from; its label is stored and shown. */
public enum TopologySource {
    /** An operator's {@code PUT /v1/topology}. */
    API("api"),
    /** The deployment's {@code CDN_TOPOLOGY_BOOTSTRAP} (Terraform), applied at start. */
    BOOTSTRAP("bootstrap"),
    /** Nothing stored yet: the empty topology, version 0. */
    NONE("none");

    private final String label;

    TopologySource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static TopologySource of(String label) {
        for (TopologySource s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown topology source " + label);
    }
}

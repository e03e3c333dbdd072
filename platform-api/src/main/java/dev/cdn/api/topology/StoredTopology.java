package dev.cdn.api.topology;

import dev.cdn.api.etag.EntityTags;
import dev.cdn.config.topology.Topology;
import java.time.Instant;

/** The current topology as stored: the document (its version inside), where it came from, who stored it and when. */
record StoredTopology(Topology topology, TopologySource source, String createdBy, Instant createdAt) {

    static final StoredTopology NONE = new StoredTopology(Topology.EMPTY, TopologySource.NONE, null, null);

    long version() {
        return topology.version();
    }

    /** Strong ETag of this version ({@code "r3"}): every replica tags it alike. */
    String etag() {
        return EntityTags.of(topology.version());
    }
}

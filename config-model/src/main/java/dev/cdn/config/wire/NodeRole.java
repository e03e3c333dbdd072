package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The tier of the node a message comes from; a message without it comes from an edge (nodes older than the field). */
public enum NodeRole {
    /** Faces clients. */
    @JsonProperty("edge") EDGE,
    /** Sits between edges and origins: its requests are the edges' fills, never client requests. */
    @JsonProperty("shield") SHIELD;

    /** The role a message names, or {@link #EDGE} when it names none. */
    public static NodeRole orEdge(NodeRole role) {
        return role == null ? EDGE : role;
    }

    /** The role of a wire name ({@code edge} or {@code shield}). */
    public static NodeRole ofWireName(String name) {
        for (NodeRole role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be 'edge' or 'shield', got '" + name + "'");
    }

    /** The lower-case name on the wire (also the {@code X-Edge-Role} header and the registry's column). */
    public String wireName() {
        return this == EDGE ? "edge" : "shield";
    }
}

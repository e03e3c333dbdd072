package dev.cdn.edge.role;

import java.util.Locale;

/** The tier a node plays: an edge faces clients, a shield sits between edges and origins. */
public enum EdgeRole {
    EDGE,
    SHIELD;

    /** The lower-case wire name used in the X-Edge-Role header and on the command line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code edge} or {@code shield}, case-insensitively. */
    public static EdgeRole parse(String text) {
        for (EdgeRole role : values()) {
            if (role.wireName().equalsIgnoreCase(text.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be 'edge' or 'shield', got '" + text + "'");
    }
}

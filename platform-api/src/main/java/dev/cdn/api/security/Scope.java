package dev.cdn.api.security;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** What a token may do. Wire names are the strings clients send, e.g. {@code config:write}. */
public enum Scope {
    CONFIG_READ("config:read"),
    CONFIG_WRITE("config:write"),
    PURGE("purge"),
    PURGE_ALL("purge:all"),
    ANALYTICS_READ("analytics:read"),
    TOKENS("tokens"),
    /** Invite people, change roles, remove users (the role decides which of these). */
    TEAM("team");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Scope> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }

    /** Scopes a user's session carries, by role: members only read. */
    public static Set<Scope> forRole(String role) {
        return Role.of(role).scopes();
    }
}

package dev.cdn.api.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A user's role in a tenant, as stored in {@code users.role}. The order matters: each role can do everything the
 * ones after it can.
 */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    /** The role named in the database; anything unknown is the least privileged role. */
    public static Role of(String stored) {
        if (stored == null) {
            return MEMBER;
        }
        return switch (stored.toLowerCase(Locale.ROOT)) {
            case "owner" -> OWNER;
            case "admin" -> ADMIN;
            default -> MEMBER;
        };
    }

    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }

    /** The most a credential of a user with this role can do: members only read. */
    public Set<Scope> scopes() {
        return switch (this) {
            case OWNER, ADMIN -> EnumSet.allOf(Scope.class);
            case MEMBER -> EnumSet.of(Scope.CONFIG_READ, Scope.ANALYTICS_READ);
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.cdn.portal.account;

import java.util.Locale;

/**
 * What the signed-in user's role lets them do in the portal, mirroring platform-api's roles (owners and admins
 * change configuration, purge, make tokens and invite; only owners change roles or remove members; members read).
 * Pages ask this to hide what would be refused, and say why; the API stays the authority.
 */
public enum Role {
    OWNER, ADMIN, MEMBER;

    /** The role named by the API; anything unknown is the least powerful one. */
    public static Role of(String name) {
        if (name == null) {
            return MEMBER;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "owner" -> OWNER;
            case "admin" -> ADMIN;
            default -> MEMBER;
        };
    }

    /** Configuration, purges, API tokens and invitations. */
    public boolean canChange() {
        return this != MEMBER;
    }

    /** Roles and removals. */
    public boolean canManageMembers() {
        return this == OWNER;
    }

    /** Why a write action is missing from a page, in the user's words; null when nothing is missing. */
    public String readOnlyReason() {
        return canChange() ? null
                : "Your role (member) can read but not change anything here. Ask an owner or admin of your team to "
                        + "make changes, or to give you the admin role.";
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.cdn.api.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a route asks of the caller: the kind of credential and, for tenants, one of some scopes, a least role and
 * how the route reaches services.
 *
 * @param anyOf   the route is allowed when the caller's effective scopes hold at least one of these (empty: none
 *                needed)
 * @param minRole the least role of the user behind the credential
 */
record Access(Audience audience, Set<Scope> anyOf, Role minRole, ServiceReach reach) {

    Access {
        anyOf = anyOf.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(anyOf));
    }

    static Access publicRoute() {
        return new Access(Audience.PUBLIC, Set.of(), Role.MEMBER, ServiceReach.FILTERED);
    }

    static Access edge() {
        return new Access(Audience.EDGE, Set.of(), Role.MEMBER, ServiceReach.FILTERED);
    }

    static Access operator() {
        return new Access(Audience.OPERATOR, Set.of(), Role.MEMBER, ServiceReach.FILTERED);
    }

    /** Any tenant credential, whatever its scopes. */
    static Access anyTenant() {
        return new Access(Audience.TENANT, Set.of(), Role.MEMBER, ServiceReach.FILTERED);
    }

    static Access tenant(ServiceReach reach, Scope first, Scope... more) {
        return new Access(Audience.TENANT, EnumSet.of(first, more), Role.MEMBER, reach);
    }

    Access atLeast(Role role) {
        return new Access(audience, anyOf, role, reach);
    }
}

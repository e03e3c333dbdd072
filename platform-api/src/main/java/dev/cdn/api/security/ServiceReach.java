package dev.cdn.api.security;

/** How a route relates to the services a token may be limited to. */
enum ServiceReach {
    /** The route's {@code {id}} is a service id: a token limited to other services gets a 404. */
    ONE_SERVICE,
    /** The route is about the tenant as a whole (team, new services): tokens limited to services are refused. */
    WHOLE_TENANT,
    /** The route answers with data the handler filters to the token's services (lists, audit, purge status). */
    FILTERED
}

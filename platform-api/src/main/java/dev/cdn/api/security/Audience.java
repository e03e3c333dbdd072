package dev.cdn.api.security;

/** Which kind of credential a route is for. */
enum Audience {
    /** No credential needed (sign-up, log-in, health, the API document). */
    PUBLIC,
    /** Edge and shield nodes on the control channel. */
    EDGE,
    /** The platform operator. */
    OPERATOR,
    /** A tenant's session or API token, further narrowed by scope, role and service limits. */
    TENANT
}

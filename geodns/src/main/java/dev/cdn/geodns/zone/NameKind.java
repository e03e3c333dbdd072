package dev.cdn.geodns.zone;

/** What a queried name is to this responder; it decides the response code. */
public enum NameKind {
    /** A service host name: answered with the chosen PoP's addresses. */
    SERVICE,
    /** The apex of a served zone: SOA and NS. */
    APEX,
    /** Inside a served zone but not a service: NXDOMAIN (RFC 1035 section 4.1.1, name error). */
    UNKNOWN_IN_ZONE,
    /** Not ours: REFUSED, as an authoritative-only server answers names it is not authoritative for. */
    OUTSIDE
}

package dev.cdn.edge.upstream;

import java.util.Locale;

/** Which step of the failover chain a miss was sent to: the key's home shield, another shield, or the origin. */
public enum RouteStep {
    /** The shield of the service's region the key hashes to. */
    PRIMARY,
    /** Another shield of the service's region, in the key's rendezvous order. */
    NEXT,
    /** A shield of another region. */
    OTHER_REGION,
    /** The service's origins: the service is not shielded here, or no shield could take the miss. */
    ORIGIN;

    /** The token used in headers and metric tags. */
    public String token() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

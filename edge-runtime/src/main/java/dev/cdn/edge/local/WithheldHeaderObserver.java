package dev.cdn.edge.local;

/**
 * A response that is told the CDN-only fields (Surrogate-Control, CDN-Cache-Control, ...) the request path withholds
 * from the client, so a tier in front of it can act on them (ESI turned on by the origin's Surrogate-Control).
 */
public interface WithheldHeaderObserver {

    /** The stored or upstream response carried {@code name: value}, which the client will not see. */
    void withheld(String name, String value);
}

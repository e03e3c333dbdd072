package dev.cdn.edge.fleet;

import dev.cdn.config.FleetCredential;

/**
 * Whether a request to a shield comes from the fleet (docs/routing.md, "Fleet trust"). A shield fed by a control
 * plane answers only requests carrying a valid fleet credential, and only those may set the fields a shield takes
 * from the edge tier (X-Forwarded-Proto, the forwarding chain). A standalone node has no control plane to verify
 * against and lets every request in ({@link #OPEN}).
 */
public interface FleetGate {

    /** The request header that carries a node's fleet credential; never forwarded upstream, never taken from clients. */
    String HEADER = "x-cdn-fleet";

    FleetGate OPEN = credential -> null;

    /** Null when the request may pass; otherwise why it may not. */
    FleetCredential.Refusal refusal(String credential);
}

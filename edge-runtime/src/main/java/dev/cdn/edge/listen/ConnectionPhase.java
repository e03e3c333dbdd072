package dev.cdn.edge.listen;

/**
 * Where an HTTP/1.1 client connection stands, as far as the client timeout is concerned: which silence counts against
 * the client, and which is the edge's own.
 */
enum ConnectionPhase {

    /** No request in progress and nothing owed: waiting for the next request (keep-alive). Silence counts. */
    IDLE,

    /** A request's head or body is being received (RFC 9112 section 2.1) and nothing else is owed. Silence counts. */
    RECEIVING,

    /**
     * A request was read in full and its response has not finished: the client waits for the edge (a slow origin, a
     * coalesced fill), so its silence is expected and never closes the connection.
     */
    RESPONSE_OWED;

    /**
     * The phase of a connection with {@code owed} requests read in full and not yet answered, and a request being
     * received or not.
     */
    static ConnectionPhase of(int owed, boolean receiving) {
        if (owed > 0) {
            return RESPONSE_OWED;
        }
        return receiving ? RECEIVING : IDLE;
    }
}

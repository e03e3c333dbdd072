package dev.cdn.edge.upstream;

import javax.net.ssl.SSLHandshakeException;

/**
 * Whether an upstream failure was the TLS handshake: the peer's certificate did not verify (another CA, a name that
 * does not match, expired) or no handshake could be agreed. Nothing of the request was sent, so the failover chain
 * may move on, and it is never retried in plain text.
 */
public final class TlsFailure {

    private TlsFailure() {
    }

    public static boolean in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }
}

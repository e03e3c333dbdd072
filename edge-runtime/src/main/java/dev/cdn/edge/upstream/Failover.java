package dev.cdn.edge.upstream;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Whether a failed upstream attempt may be repeated on the next origin of the pool. Only when nothing can have
 * reached the origin (the connection was never established: refused, timed out, no route, unknown host, TLS handshake failed), only for
 * idempotent methods (RFC 9110 section 9.2.2: a retried PUT or DELETE has the same effect as one), and never once a
 * response started. A request refused by its service's bulkhead sent nothing, so it may try the next origin whatever
 * its method. A pure function of its arguments.
 */
public final class Failover {

    /** The outcome of {@link #decide}: retry, or why not. */
    public enum Decision {
        RETRY_NEXT,
        NO_CANDIDATE_LEFT,
        RESPONSE_STARTED,
        NOT_IDEMPOTENT,
        /** The connection was up when it failed, so the origin may have processed the request. */
        MAY_HAVE_REACHED_ORIGIN
    }

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private Failover() {
    }

    public static Decision decide(String method, Throwable error, boolean responseStarted, int candidatesLeft) {
        if (responseStarted) {
            return Decision.RESPONSE_STARTED;
        }
        if (BulkheadFull.in(error)) {
            // Nothing was sent (no connection was free in this origin's share): any method may try the next one.
            return candidatesLeft > 0 ? Decision.RETRY_NEXT : Decision.NO_CANDIDATE_LEFT;
        }
        if (!idempotent(method)) {
            return Decision.NOT_IDEMPOTENT;
        }
        if (!failedToConnect(error)) {
            return Decision.MAY_HAVE_REACHED_ORIGIN;
        }
        return candidatesLeft > 0 ? Decision.RETRY_NEXT : Decision.NO_CANDIDATE_LEFT;
    }

    public static boolean idempotent(String method) {
        return IDEMPOTENT.contains(method);
    }

    /** Whether {@code error} (or a cause) says the connection was never established. */
    public static boolean failedToConnect(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    // The handshake failed (a certificate that does not verify): no request byte was sent.
                    || t instanceof javax.net.ssl.SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }
}

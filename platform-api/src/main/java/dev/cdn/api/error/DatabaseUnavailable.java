package dev.cdn.api.error;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Recognises a failure to reach the database (refused, connection lost, pool acquisition or query timed out): not
 * the client's fault nor a bug, but a transient outage that a client should retry, so it is answered with 503 and
 * {@code Retry-After} (RFC 9110 section 15.6.4) rather than 500.
 */
public final class DatabaseUnavailable {

    /** What a client is told to wait before retrying, in seconds: about one reconnection of the pool. */
    public static final long RETRY_AFTER_SECONDS = 5;

    private DatabaseUnavailable() {
    }

    public static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof QueryTimeoutException || t instanceof R2dbcNonTransientResourceException
                    || t instanceof R2dbcTransientResourceException || t instanceof R2dbcTimeoutException
                    || t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}

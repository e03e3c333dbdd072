package dev.cdn.edge.upstream;

import dev.cdn.config.Origin;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The health of one origin of one service as this node sees it, from two sources:
 * <ul>
 *   <li><b>passive</b> (outlier ejection, after Envoy's consecutive-gateway-failure detector): real requests that
 *       fail to connect, time out, lose the connection before the response, or get a 5xx count as failures;
 *       {@link HealthSettings#failuresToEject()} in a row eject the origin for {@link HealthSettings#ejectFor()}.
 *       After that it is on probation: used again, and one more failure ejects it again, one success clears it.</li>
 *   <li><b>active</b> (rise/fall counters, after HAProxy): an unknown origin is healthy after one passing check;
 *       {@link HealthSettings#unhealthyAfter()} failing checks in a row make it unhealthy and
 *       {@link HealthSettings#healthyAfter()} passing ones bring it back.</li>
 * </ul>
 * Either source saying unhealthy makes the origin unhealthy (skipped while its pool has a usable origin left).
 * State changes are tiny critical sections without I/O, safe on an event loop. Time comes from the injected clock.
 */
public final class OriginHealth {

    private static final Logger log = LoggerFactory.getLogger(OriginHealth.class);

    /** What is reported of an origin; {@code changes} grows when the status or the last error changes. */
    public record View(String serviceId, String origin, String pool, OriginStatus status, Instant since,
                       Instant checkedAt, String lastError, Instant lastErrorAt, long changes) {
    }

    private final String serviceId;
    private final Origin origin;
    private final HealthSettings settings;
    private final Clock clock;

    // Guarded by this.
    private int failures;
    private boolean ejected;
    private long ejectedUntil;
    private boolean trafficOk;
    private OriginStatus checks = OriginStatus.UNKNOWN;
    private int checkPasses;
    private int checkFailures;
    private OriginStatus status = OriginStatus.UNKNOWN;
    private long since;
    private long observedAt = -1;
    private String lastError;
    private long lastErrorAt;
    private long changes;

    OriginHealth(String serviceId, Origin origin, HealthSettings settings, Clock clock) {
        this.serviceId = serviceId;
        this.origin = origin;
        this.settings = settings;
        this.clock = clock;
        this.since = clock.millis();
    }

    public String serviceId() {
        return serviceId;
    }

    public Origin origin() {
        return origin;
    }

    /** Whether requests may be sent here now: not failing its checks, not ejected by traffic. */
    public synchronized boolean usable() {
        return checks != OriginStatus.UNHEALTHY && !(ejected && clock.millis() < ejectedUntil);
    }

    public synchronized OriginStatus status() {
        return refresh(clock.millis());
    }

    public synchronized View view() {
        OriginStatus s = refresh(clock.millis());
        return new View(serviceId, origin.name(), origin.pool(), s, Instant.ofEpochMilli(since),
                observedAt < 0 ? null : Instant.ofEpochMilli(observedAt), lastError,
                lastError == null ? null : Instant.ofEpochMilli(lastErrorAt), changes);
    }

    /** A response arrived for a real request: a 5xx is a failure, anything else proves the origin answers. */
    void responded(int httpStatus) {
        if (httpStatus >= 500) {
            trafficFailed("HTTP " + httpStatus);
        } else {
            OriginStatus before;
            OriginStatus after;
            synchronized (this) {
                before = status;
                long now = clock.millis();
                observedAt = now;
                failures = 0;
                ejected = false;
                trafficOk = true;
                after = refresh(now);
            }
            logChange(before, after);
        }
    }

    /** A real request failed before any response (connect error, timeout, connection lost). */
    void failed(Throwable error) {
        trafficFailed(describe(error));
    }

    private void trafficFailed(String why) {
        OriginStatus before;
        OriginStatus after;
        synchronized (this) {
            before = status;
            long now = clock.millis();
            observedAt = now;
            error(why, now);
            failures++;
            // Within an ejection, failures of requests already in flight (or of fail-open tries) do not extend it.
            if (failures >= settings.failuresToEject() && !(ejected && now < ejectedUntil)) {
                ejected = true;
                ejectedUntil = now + settings.ejectFor().toMillis();
                trafficOk = false;
            }
            after = refresh(now);
        }
        logChange(before, after);
    }

    /** One active check's result; {@code error} is null when it passed. */
    void checked(String error) {
        OriginStatus before;
        OriginStatus after;
        synchronized (this) {
            before = status;
            long now = clock.millis();
            observedAt = now;
            if (error == null) {
                checkFailures = 0;
                checkPasses++;
                if (checks == OriginStatus.UNKNOWN
                        || (checks == OriginStatus.UNHEALTHY && checkPasses >= settings.healthyAfter())) {
                    checks = OriginStatus.HEALTHY;
                }
            } else {
                error(error, now);
                checkPasses = 0;
                checkFailures++;
                if (checkFailures >= settings.unhealthyAfter()) {
                    checks = OriginStatus.UNHEALTHY;
                }
            }
            after = refresh(now);
        }
        logChange(before, after);
    }

    /**
     * Whether {@code other} (the same origin name in a newer config) is still the same server in the same pool, so
     * what was learnt about it still holds (a new weight or timeout does not reset it).
     */
    boolean sameEndpoint(Origin other) {
        return origin.host().equals(other.host()) && origin.port() == other.port() && origin.tls() == other.tls()
                && origin.pool().equals(other.pool())
                && Objects.equals(origin.hostHeader(), other.hostHeader())
                && Objects.equals(origin.healthCheckPath(), other.healthCheckPath());
    }

    private void error(String why, long now) {
        if (!why.equals(lastError)) {
            changes++;
        }
        lastError = why;
        lastErrorAt = now;
    }

    /** Recomputes the status (an ejection ends with time, so this runs on every read). Caller holds the lock. */
    private OriginStatus refresh(long now) {
        OriginStatus passive = ejected
                ? now < ejectedUntil ? OriginStatus.UNHEALTHY : OriginStatus.UNKNOWN
                : trafficOk ? OriginStatus.HEALTHY : OriginStatus.UNKNOWN;
        OriginStatus s = checks == OriginStatus.UNHEALTHY || passive == OriginStatus.UNHEALTHY ? OriginStatus.UNHEALTHY
                : checks == OriginStatus.HEALTHY || passive == OriginStatus.HEALTHY ? OriginStatus.HEALTHY
                : OriginStatus.UNKNOWN;
        if (s != status) {
            status = s;
            since = now;
            changes++;
        }
        return s;
    }

    private void logChange(OriginStatus before, OriginStatus after) {
        if (before != after && (before == OriginStatus.UNHEALTHY || after == OriginStatus.UNHEALTHY)) {
            String why;
            synchronized (this) {
                why = lastError;
            }
            if (after == OriginStatus.UNHEALTHY) {
                log.warn("origin {} of service {} ({}:{}) is unhealthy: {}", origin.name(), serviceId, origin.host(),
                        origin.port(), why);
            } else {
                log.info("origin {} of service {} ({}:{}) is {} again", origin.name(), serviceId, origin.host(),
                        origin.port(), after.wireName());
            }
        }
    }

    /** A short, stable description of why a request or check failed, for the report and the log. */
    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException) {
                return "connect timed out";
            }
            if (t instanceof ConnectException) {
                String m = t.getMessage() == null ? "" : t.getMessage();
                // Native transports prefix the errno text ("finishConnect(..) failed with error(-111): ...").
                return m.contains("Connection refused") ? "connection refused"
                        : m.isEmpty() ? "connect failed" : truncate("connect failed: " + m);
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof ReadTimeoutException || t instanceof TimeoutException) {
                return "timed out";
            }
            if (t instanceof PrematureCloseException) {
                return "connection closed before the response";
            }
        }
        String m = error.getMessage();
        return truncate(error.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    private static String truncate(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200);
    }
}

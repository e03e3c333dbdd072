package dev.cdn.api.publish;

import dev.cdn.api.PostgresConnections;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Listens on PostgreSQL's {@code cdn_edge_events} channel, on which every event append notifies at commit, and
 * wakes this replica's edge streams. This is how an edge connected to one API replica learns at once of a purge
 * made through another. If the listening connection drops it is re-established with back-off; meanwhile the
 * streams' periodic poll still delivers everything, only later. It also listens on {@link ShieldWatermark}'s
 * channel, on which a replica that stored a shield's acks tells the others that edges may be sent more.
 */
@Component
class EventNotifications implements SmartLifecycle {

    static final String CHANNEL = "cdn_edge_events";
    private static final Logger log = LoggerFactory.getLogger(EventNotifications.class);

    private final ConnectionFactory connections;
    private final EdgeEventHub hub;
    private final ShieldWatermark shields;
    private volatile Disposable subscription;

    EventNotifications(ConnectionFactory connections, EdgeEventHub hub, ShieldWatermark shields) {
        this.connections = connections;
        this.hub = hub;
        this.shields = shields;
    }

    @Override
    public void start() {
        subscription = Flux.usingWhen(
                        Mono.from(connections.create()),
                        connection -> {
                            PostgresqlConnection pg = PostgresConnections.unwrap(connection);
                            if (pg == null) {
                                return Flux.error(new IllegalStateException("not a PostgreSQL R2DBC connection"));
                            }
                            PostgresqlConnection listening = pg;
                            return listening.createStatement("LISTEN " + CHANNEL + "; LISTEN " + ShieldWatermark.CHANNEL)
                                    .execute()
                                    .flatMap(r -> r.getRowsUpdated()).then()
                                    .doOnSuccess(v -> hub.announce()) // catch up on anything missed while away
                                    .thenMany(listening.getNotifications());
                        },
                        connection -> connection.close())
                .doOnNext(n -> {
                    if (ShieldWatermark.CHANNEL.equals(n.getName())) {
                        shields.refresh(); // another replica stored a shield's acks
                    } else {
                        hub.announce(sequence(n.getParameter()));
                    }
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(s -> log.warn("listening for edge events failed, retrying: {}",
                                s.failure().toString())))
                .subscribe();
    }

    /** The sequence a notification carries (each append sends its own); unknown if it is not a number. */
    static long sequence(String payload) {
        try {
            return payload == null ? EdgeEventHub.UNKNOWN : Long.parseLong(payload.trim());
        } catch (NumberFormatException e) {
            return EdgeEventHub.UNKNOWN;
        }
    }

    @Override
    public void stop() {
        Disposable s = subscription;
        if (s != null) {
            s.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable s = subscription;
        return s != null && !s.isDisposed();
    }
}

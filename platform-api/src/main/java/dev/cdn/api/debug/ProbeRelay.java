package dev.cdn.api.debug;

import dev.cdn.api.PostgresConnections;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.UrlProbe;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Carries URL probes to every connected node, whichever replica it is connected to: a probe is published with
 * PostgreSQL's {@code NOTIFY} on {@code cdn_url_probes}, and every replica (this one included) hears it and writes
 * it on each of its event streams. A probe is small (a URL of at most 2,048 characters and a few headers), well
 * within NOTIFY's 8,000-byte payload.
 */
@Component
public class ProbeRelay implements SmartLifecycle {

    static final String CHANNEL = "cdn_url_probes";
    private static final Logger log = LoggerFactory.getLogger(ProbeRelay.class);

    private final ConnectionFactory connections;
    private final DatabaseClient db;
    private final Sinks.Many<String> lines = Sinks.many().multicast().directBestEffort();
    private volatile Disposable listening;

    ProbeRelay(ConnectionFactory connections, DatabaseClient db) {
        this.connections = connections;
        this.db = db;
    }

    /** The probe lines to write on an event stream, from the moment of subscription. */
    public Flux<String> lines() {
        return lines.asFlux();
    }

    Mono<Void> publish(UrlProbe probe) {
        return db.sql("SELECT pg_notify('" + CHANNEL + "', :payload)")
                .bind("payload", ConfigCodec.write(new UrlProbe.Line(probe)))
                .then();
    }

    @Override
    public void start() {
        listening = Flux.usingWhen(Mono.from(connections.create()),
                        connection -> {
                            PostgresqlConnection pg = PostgresConnections.unwrap(connection);
                            if (pg == null) {
                                return Flux.error(new IllegalStateException("not a PostgreSQL R2DBC connection"));
                            }
                            return pg.createStatement("LISTEN " + CHANNEL).execute()
                                    .flatMap(r -> r.getRowsUpdated()).then()
                                    .thenMany(pg.getNotifications());
                        },
                        connection -> connection.close())
                .doOnNext(n -> {
                    String payload = n.getParameter();
                    if (payload != null && payload.startsWith(UrlProbe.LINE_PREFIX)) {
                        // Several streams emit concurrently: serialize, never wait.
                        synchronized (lines) {
                            lines.tryEmitNext(payload);
                        }
                    }
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(s -> log.warn("listening for URL probes failed, retrying: {}", s.failure().toString())))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable d = listening;
        if (d != null) {
            d.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable d = listening;
        return d != null && !d.isDisposed();
    }
}

package dev.cdn.api;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The login the control plane gives PostgreSQL, for the R2DBC pool's new connections and for Flyway: from a rotated
 * secret when {@link DatabaseSecret} names one, else from {@link DatabaseCredentials} or the URL, in that order.
 * A rotated login is held in memory and read again every {@code cdn.db.secret.refresh} and whenever PostgreSQL
 * refuses a new connection ({@link #refreshAfterRefusal}); connections already open keep working through a rotation
 * (PostgreSQL checks a password only at login).
 */
@Component
class DatabaseLogin {

    private static final Logger log = LoggerFactory.getLogger(DatabaseLogin.class);
    /**
     * Refused logins ask the secret again at most this often, however many connections are refused: a rotation needs
     * one read, a login that stays wrong must not turn into a flood of calls. Reads at start and on the schedule do
     * not count, so a rotation just after one of them is still read at the first refusal.
     */
    static final Duration MIN_REFRESH_GAP = Duration.ofSeconds(1);

    /** A username and password; never printed. */
    record Login(String username, String password) {
        @Override
        public String toString() {
            return "Login[username=" + username + ", password=set]";
        }
    }

    private final DatabaseCredentials credentials;
    private final Supplier<Login> source;
    private final AtomicReference<Login> current = new AtomicReference<>();
    private final AtomicReference<Mono<Login>> refreshing = new AtomicReference<>();
    private volatile long lastRefusalReadNanos = System.nanoTime() - MIN_REFRESH_GAP.toNanos();
    private final Disposable periodic;

    @org.springframework.beans.factory.annotation.Autowired
    DatabaseLogin(DatabaseCredentials credentials, DatabaseSecret secret) {
        this(credentials, secret.set() ? new SecretsManagerLogins(secret) : null, secret.refresh());
    }

    DatabaseLogin(DatabaseCredentials credentials, Supplier<Login> source, Duration refresh) {
        this.credentials = credentials;
        this.source = source;
        if (source == null) {
            this.periodic = null;
            return;
        }
        // At start, on the calling thread: a login that cannot be read stops the start-up, naming the setting.
        current.set(source.get());
        this.periodic = Schedulers.boundedElastic().schedulePeriodically(() -> {
            try {
                fetch();
            } catch (RuntimeException e) {
                log.warn("keeping the database login read earlier: {}", e.getMessage());
            }
        }, refresh.toMillis(), refresh.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Whether the login comes from a rotated secret (and so may change while the control plane runs). */
    boolean rotating() {
        return source != null;
    }

    String username(String fromUrl) {
        Login login = current.get();
        return login != null ? login.username() : credentials.usernameOr(fromUrl);
    }

    String password(String fromUrl) {
        Login login = current.get();
        return login != null ? login.password() : credentials.passwordOr(fromUrl);
    }

    /**
     * After PostgreSQL refused a login: reads the secret again (off the event loop), unless a refusal read it within
     * {@link #MIN_REFRESH_GAP}; concurrent callers share one read. Completes when the login is as fresh as it gets.
     */
    Mono<Void> refreshAfterRefusal() {
        Mono<Login> shared = refreshing.get();
        if (shared == null) {
            if (source == null || System.nanoTime() - lastRefusalReadNanos < MIN_REFRESH_GAP.toNanos()) {
                return Mono.empty();
            }
            Mono<Login> mine = Mono.fromCallable(this::fetch).subscribeOn(Schedulers.boundedElastic())
                    .doFinally(s -> refreshing.set(null)).cache();
            shared = refreshing.compareAndExchange(null, mine);
            if (shared == null) {
                lastRefusalReadNanos = System.nanoTime();
                shared = mine;
            }
        }
        Mono<Login> read = shared;
        return read.onErrorResume(e -> {
            log.warn("PostgreSQL refused the database login and the secret could not be read again: {}", e.getMessage());
            return Mono.empty();
        }).then();
    }

    private Login fetch() {
        Login fresh = source.get();
        Login before = current.getAndSet(fresh);
        if (before != null && !before.equals(fresh)) {
            log.info("the database login changed in its secret (rotated); new connections use it");
        }
        return fresh;
    }

    @PreDestroy
    void close() throws Exception {
        if (periodic != null) {
            periodic.dispose();
        }
        if (source instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}

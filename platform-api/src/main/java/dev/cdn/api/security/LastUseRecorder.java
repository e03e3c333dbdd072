package dev.cdn.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes an API token's "last used" time, at most once per token per {@link #WINDOW} on each replica: a busy
 * script's thousands of requests a minute cost one row update a minute (per replica it reaches), not one per
 * request. The time shown is
 * therefore exact to within {@link #WINDOW}. A failed write is logged and never fails the request it rides on.
 */
@Component
class LastUseRecorder {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(LastUseRecorder.class);

    private final DatabaseClient db;
    /** Tokens written within the window; the entry's expiry re-opens the next write. */
    private final Cache<UUID, Boolean> recent;

    LastUseRecorder(DatabaseClient db, Ticker ticker) {
        this.db = db;
        this.recent = Caffeine.newBuilder().expireAfterWrite(WINDOW).ticker(ticker).maximumSize(100_000).build();
    }

    /** Records a use of an API token (sessions are not listed anywhere, so they are not recorded). */
    Mono<Void> used(TenantPrincipal principal) {
        if (!"api".equals(principal.tokenKind()) || recent.asMap().putIfAbsent(principal.tokenId(), true) != null) {
            return Mono.empty();
        }
        return db.sql("UPDATE api_tokens SET last_used_at = now() WHERE id = :id")
                .bind("id", principal.tokenId())
                .then()
                .onErrorResume(e -> {
                    log.warn("could not record the use of token {}: {}", principal.tokenId(), e.toString());
                    return Mono.empty();
                });
    }
}

package dev.cdn.edge.proxy;

import dev.cdn.edge.coalesce.Fill;
import dev.cdn.edge.coalesce.FillLock;
import dev.cdn.edge.coalesce.FillResult;
import dev.cdn.edge.coalesce.HitForMiss;
import dev.cdn.edge.metrics.EdgeMetrics;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.policy.SelfMadeErrors;
import dev.cdn.edge.store.CachedObject;
import dev.cdn.edge.store.PurgeEpochs;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Takes a request that found no usable object to a fill: as the writer of a new {@link Fill}, as a waiter on the
 * fill in flight for its key (answered from what that fill publishes), or alone when the key is hit-for-miss or
 * the fill waited on could not be shared. Also starts the one background revalidation of a stale object.
 */
final class MissHandler {

    private static final Logger log = LoggerFactory.getLogger(MissHandler.class);

    private final FillLock lock;
    private final HitForMiss hitForMiss;
    private final PurgeEpochs epochs;
    private final UpstreamFetcher fetcher;
    private final StoredResponder responder;
    private final EdgeMetrics metrics;
    private final Clock clock;
    private final Function<RequestContext, CachedObject> landedMeanwhile;

    /**
     * @param landedMeanwhile the fresh object a request may now be served from (pinned; the caller unpins it), or null:
     *                        asked again once a request holds a writer's lease, see {@link #fill}
     */
    MissHandler(FillLock lock, HitForMiss hitForMiss, PurgeEpochs epochs, UpstreamFetcher fetcher,
                StoredResponder responder, EdgeMetrics metrics, Clock clock,
                Function<RequestContext, CachedObject> landedMeanwhile) {
        this.lock = lock;
        this.hitForMiss = hitForMiss;
        this.epochs = epochs;
        this.fetcher = fetcher;
        this.responder = responder;
        this.metrics = metrics;
        this.clock = clock;
        this.landedMeanwhile = landedMeanwhile;
    }

    /** Fills the request's key through the coalescing lock; {@code stale} (nullable) is the object it replaces. */
    Mono<Void> fill(RequestContext ctx, CachedObject stale, Delivery delivery) {
        ctx.staleFound = stale != null;
        if (hitForMiss.isMarked(ctx.lockKey)) {
            return alone(ctx, stale, delivery);
        }
        FillLock.Lease lease = lock.acquire(ctx.lockKey, ctx.service.id(), ctx.key.url());
        if (lease.isWriter()) {
            Fill fill = Fill.writer(lease, hitForMiss, ctx.lockKey);
            // Between this request's store lookup (a miss) and its lease, another fill of the key may have stored
            // its object and let the key go: look once more, so that fill's object answers instead of a second
            // origin fetch. Requests that joined this lease meanwhile are answered with it too.
            CachedObject landed = landedMeanwhile.apply(ctx);
            if (landed != null) {
                fill.finish(FillResult.filled(landed));
                ctx.enter(CachePhase.HIT);
                return Mono.defer(() -> responder.serve(ctx, landed, null))
                        .doFinally(signal -> landed.payload().unpin());
            }
            ctx.enter(CachePhase.FILL_WRITER);
            return fetcher.fill(ctx, stale, fill, delivery);
        }
        ctx.enter(CachePhase.FILL_WAITER);
        // Ranges, conditionals and Authorization need the stored object's checks; everyone else streams along.
        Mono<FillResult> wait = needsStoredObject(ctx) ? lease.awaitFinal() : lease.await();
        return wait.flatMap(result -> afterWait(ctx, result, stale, delivery));
    }

    /** A fill nobody waits on: the request fetches on its own. */
    private Mono<Void> alone(RequestContext ctx, CachedObject stale, Delivery delivery) {
        ctx.enter(CachePhase.FILL_ALONE);
        return fetcher.fill(ctx, stale, Fill.alone(epochs.now(), hitForMiss, ctx.lockKey), delivery);
    }

    private Mono<Void> afterWait(RequestContext ctx, FillResult result, CachedObject stale, Delivery delivery) {
        metrics.coalescedWait(result.outcome());
        switch (result.outcome()) {
            case STREAMING -> {
                return responder.serveStream(ctx, result.stream(), "collapsed");
            }
            case FILLED -> {
                CachedObject obj = result.object();
                if (ctx.authorization && !obj.authShareable()) {
                    return alone(ctx, stale, delivery);
                }
                return responder.serve(ctx, obj, "collapsed");
            }
            case UPSTREAM_FAILED -> {
                if (stale != null && stale.withinStaleIfError(clock.millis())) {
                    metrics.staleServed(CacheStatus.STALE);
                    ctx.enter(CachePhase.STALE_ON_ERROR);
                    return responder.serve(ctx, stale, "collapsed");
                }
                return fetcher.error(ctx, SelfMadeErrors.Kind.of(result.status()));
            }
            default -> {
                // NOT_SHAREABLE, WRITER_GONE, TIMED_OUT: fetch on our own rather than wait again.
                return alone(ctx, stale, delivery);
            }
        }
    }

    private static boolean needsStoredObject(RequestContext ctx) {
        HttpHeaders h = ctx.request.requestHeaders();
        return ctx.authorization || h.contains("Range") || h.contains("If-None-Match") || h.contains("If-Modified-Since");
    }

    /** Starts the one background revalidation of {@code stale} per key, unless one is already running. */
    void revalidateInBackground(RequestContext ctx, CachedObject stale) {
        if (!stale.payload().pin()) { // outlives the request's own pin: the refreshed copy reuses this body
            return;
        }
        FillLock.Lease lease = lock.tryAcquire(ctx.lockKey, ctx.service.id(), ctx.key.url());
        if (lease == null) {
            stale.payload().unpin();
            return; // someone is already refreshing this key: exactly one background fetch per key
        }
        fetcher.fill(ctx, stale, Fill.writer(lease, hitForMiss, ctx.lockKey), Delivery.NONE)
                .doFinally(signal -> stale.payload().unpin())
                .subscribe(null, err -> log.warn("background revalidation of {} failed: {}", ctx.key.url(), err.toString()));
    }
}

package dev.cdn.edge.coalesce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.memory.ByteBudget;
import dev.cdn.edge.policy.NoCacheReason;
import dev.cdn.edge.store.CachedObject;
import dev.cdn.edge.store.PurgeEpochs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

/** The fill as one object: who may end it, when, and that it ends exactly once. */
class FillTest {

    static final String URL = "http://demo.localhost/a";
    final PurgeEpochs epochs = new PurgeEpochs();
    final FillLock lock = new FillLock(Duration.ofSeconds(5), epochs);
    final HitForMiss hitForMiss = new HitForMiss(Duration.ofSeconds(10), Clock.systemUTC());
    final ByteBudget budget = new ByteBudget(1 << 20);

    static CachedObject object(byte[] body) {
        CacheKey key = new CacheKey("svc", URL, "svc " + URL);
        return new CachedObject(key, key.primary() + "\u0000", List.of(), 200, List.of(), body, 0, 0, 60, 0, 0,
                false, Set.of(), false, null);
    }

    static ByteBuf chunk(String s) {
        return Unpooled.copiedBuffer(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    Fill writer() {
        return Fill.writer(lock.acquire("k", "svc", URL), hitForMiss, "k");
    }

    FillStream stream() {
        return FillStream.open(budget, 200, List.of(), -1, 1 << 16);
    }

    @Test
    void finish_endsTheFillOnce_andReleasesTheKeyOnce() {
        Fill fill = writer();
        FillLock.Lease reader = lock.acquire("k", "svc", URL);

        assertThat(fill.finish(FillResult.failed(502))).isTrue();
        assertThat(fill.finish(FillResult.of(FillOutcome.WRITER_GONE))).isFalse();
        assertThat(fill.notShareable(NoCacheReason.TOO_LARGE)).isFalse();
        fill.requestDone();

        assertThat(fill.result()).isEqualTo(FillResult.failed(502));
        assertThat(reader.awaitFinal().block()).isEqualTo(FillResult.failed(502));
        assertThat(lock.writersReleased()).isEqualTo(1);
        assertThat(lock.inflightCount()).isZero();
        assertThat(hitForMiss.isMarked("k")).as("a later end changes nothing").isFalse();
    }

    @Test
    void requestDone_beforeAnyEnd_isWriterGone() {
        Fill fill = writer();
        fill.requestDone();
        assertThat(fill.result().outcome()).isEqualTo(FillOutcome.WRITER_GONE);
        assertThat(lock.writersReleased()).isEqualTo(1);
    }

    @Test
    void notShareable_marksHitForMiss_unlessOnlyTheFillBudgetWasShort() {
        Fill budgetShort = writer();
        budgetShort.notShareable(NoCacheReason.FILL_BUDGET);
        assertThat(hitForMiss.isMarked("k")).isFalse();

        Fill privateAnswer = writer();
        privateAnswer.notShareable(NoCacheReason.PRIVATE);
        assertThat(hitForMiss.isMarked("k")).isTrue();
        assertThat(privateAnswer.result().outcome()).isEqualTo(FillOutcome.NOT_SHAREABLE);
    }

    @Test
    void onceAPumpOwnsTheBody_theRequestCanNeitherFailNorFreeTheFill() {
        Fill fill = writer();
        FillLock.Lease reader = lock.acquire("k", "svc", URL);
        FillStream stream = stream();
        Sinks.Many<ByteBuf> upstream = Sinks.many().unicast().onBackpressureBuffer();
        fill.streaming(stream);
        fill.pump(stream, upstream.asFlux(), n -> { }, () -> object(stream.toArray()), err -> 502, () -> { });
        upstream.tryEmitNext(chunk("abc"));

        // The writer's client broke off mid-body, and its request ended: the waiters still get the object.
        assertThat(fill.requestFailed(502)).isFalse();
        fill.requestDone();
        assertThat(fill.result()).isNull();
        assertThat(lock.inflightCount()).as("the key stays held while the body streams in").isEqualTo(1);

        upstream.tryEmitNext(chunk("def"));
        upstream.tryEmitComplete();
        FillResult result = reader.awaitFinal().block();
        assertThat(result.outcome()).isEqualTo(FillOutcome.FILLED);
        assertThat(result.object().payload().length()).isEqualTo(6);
        assertThat(lock.writersReleased()).isEqualTo(1);
    }

    @Test
    void aPumpThatStoresNothing_becausePurgedMeanwhile_endsWriterGone() {
        Fill fill = writer();
        FillStream stream = stream();
        Sinks.Many<ByteBuf> upstream = Sinks.many().unicast().onBackpressureBuffer();
        fill.pump(stream, upstream.asFlux(), n -> { }, () -> null, err -> 502, () -> { });
        upstream.tryEmitComplete();
        assertThat(fill.result().outcome()).isEqualTo(FillOutcome.WRITER_GONE);
    }

    @Test
    void aPumpWhoseUpstreamFails_endsWithTheMappedStatus_andFailsTheReaders() {
        Fill fill = writer();
        FillStream stream = stream();
        Sinks.Many<ByteBuf> upstream = Sinks.many().unicast().onBackpressureBuffer();
        fill.pump(stream, upstream.asFlux(), n -> { }, () -> object(stream.toArray()), err -> 504, () -> { });
        upstream.tryEmitNext(chunk("abc"));
        upstream.tryEmitError(new IllegalStateException("reset"));
        assertThat(fill.result()).isEqualTo(FillResult.failed(504));
        assertThat(stream.body().collectList().onErrorReturn(List.of()).block()).isEmpty();
        assertThat(budget.heldBytes()).as("a failed body gives its bytes back").isZero();
    }
}

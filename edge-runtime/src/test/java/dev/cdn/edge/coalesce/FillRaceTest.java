package dev.cdn.edge.coalesce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.memory.ByteBudget;
import dev.cdn.edge.store.PurgeEpochs;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Sinks;

/**
 * The end of a fill raced from three sides at once, in the manner of a jcstress test: each round builds a fresh
 * fill with a pump holding half a body and a reader streaming it, then three actors released together by a barrier
 * end it in their own way: the upstream completes the body (the fill stores it), the pump is cancelled (the fill is
 * abandoned), and the fetching request fails and ends. Every round must end the fill exactly once, with a result
 * only the pump may give (the request's calls come after the pump owns the end), and the reader must get the whole
 * body exactly when the fill stored it, else a clean error; the budget must be whole again afterwards.
 */
class FillRaceTest {

    static final int ROUNDS = 2_000;
    static final String URL = "http://demo.localhost/a";

    final ExecutorService actors = Executors.newFixedThreadPool(3);

    @AfterEach
    void tearDown() throws InterruptedException {
        actors.shutdownNow();
        assertThat(actors.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @Timeout(60)
    void finishRacingCancellationAndTheRequestsEnd_endsTheFillExactlyOnce() throws Exception {
        PurgeEpochs epochs = new PurgeEpochs();
        FillLock lock = new FillLock(Duration.ofSeconds(5), epochs);
        HitForMiss hitForMiss = new HitForMiss(Duration.ofSeconds(10), Clock.systemUTC());
        ByteBudget budget = new ByteBudget(1 << 20);
        CyclicBarrier start = new CyclicBarrier(3);
        Map<FillOutcome, Integer> seen = new EnumMap<>(FillOutcome.class);
        List<String> violations = new ArrayList<>();

        for (int round = 0; round < ROUNDS; round++) {
            Fill fill = Fill.writer(lock.acquire("k", "svc", URL), hitForMiss, "k");
            FillLock.Lease waiter = lock.acquire("k", "svc", URL);
            FillStream stream = FillStream.open(budget, 200, List.of(), -1, 1 << 16);
            Sinks.Many<ByteBuf> upstream = Sinks.many().unicast().onBackpressureBuffer();
            fill.streaming(stream);
            FillPump pump = fill.pump(stream, upstream.asFlux(), n -> { },
                    () -> FillTest.object(stream.toArray()), err -> 502, () -> { });
            upstream.tryEmitNext(FillTest.chunk("abc"));
            StringBuilder read = new StringBuilder();
            AtomicReference<String> readEnd = new AtomicReference<>();
            stream.body().subscribe(b -> read.append(b.toString(java.nio.charset.StandardCharsets.US_ASCII)),
                    err -> readEnd.set("error"), () -> readEnd.set("complete"));

            List<Future<?>> done = List.of(
                    actors.submit(() -> {
                        await(start);
                        upstream.tryEmitNext(FillTest.chunk("def"));
                        upstream.tryEmitComplete();
                    }),
                    actors.submit(() -> {
                        await(start);
                        pump.cancel();
                    }),
                    actors.submit(() -> {
                        await(start);
                        fill.requestFailed(502);
                        fill.requestDone();
                    }));
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }

            FillResult result = fill.result();
            FillResult published = waiter.awaitFinal().block(Duration.ofSeconds(5));
            if (result == null) {
                violations.add(round + ": the fill never ended");
                continue;
            }
            seen.merge(result.outcome(), 1, Integer::sum);
            if (result.outcome() != FillOutcome.FILLED && result.outcome() != FillOutcome.WRITER_GONE) {
                violations.add(round + ": ended " + result.outcome() + ", which only the request could say");
            }
            if (!result.equals(published)) {
                violations.add(round + ": the waiter saw " + published + ", the fill ended " + result);
            }
            boolean whole = "complete".equals(readEnd.get()) && read.toString().equals("abcdef");
            if (whole != (result.outcome() == FillOutcome.FILLED)) {
                violations.add(round + ": reader " + readEnd.get() + " with '" + read + "' for " + result.outcome());
            }
            if (lock.writersReleased() != round + 1) {
                violations.add(round + ": " + lock.writersReleased() + " releases after " + (round + 1) + " fills");
            }
        }

        System.out.println("fill end race: " + seen);
        assertThat(violations).isEmpty();
        assertThat(lock.writersAcquired()).isEqualTo(ROUNDS);
        assertThat(lock.writersReleased()).as("each lease released exactly once").isEqualTo(ROUNDS);
        assertThat(lock.inflightCount()).isZero();
        assertThat(budget.heldBytes()).as("every fill gave its bytes back").isZero();
    }

    static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.cdn.edge.coalesce;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.memory.ByteBudget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultEventLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Coalesced waiters sending a fill's body (read-while-write) on their connections' event loops: woken once per loop
 * per chunk, never once per waiter; each sends the same direct copy of a chunk; a waiter that leaves mid-body or
 * reads slowly holds back nobody, and every buffer ends released.
 */
class WireReaderTest {

    /** An event loop that counts the tasks handed to it. */
    static final class CountingLoop extends DefaultEventLoop {
        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            super.execute(task);
        }
    }

    final CountingLoop loopA = new CountingLoop();
    final CountingLoop loopB = new CountingLoop();
    final ByteBudget budget = new ByteBudget(1 << 20);
    final FillStream stream = FillStream.open(budget, 200, List.of(), -1, 1 << 16);
    // Every buffer a waiter was handed, to check afterwards that each was released (duplicates share the count).
    final List<ByteBuf> handedOut = new CopyOnWriteArrayList<>();
    final AtomicInteger direct = new AtomicInteger();
    final Map<Integer, String> bodies = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        loopA.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        loopB.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    /** Reads what it is handed as a connection would: records it, then releases it. */
    String take(ByteBuf b) {
        handedOut.add(b);
        if (b.isDirect()) {
            direct.incrementAndGet();
        }
        String s = b.toString(StandardCharsets.US_ASCII);
        b.release();
        return s;
    }

    /** Waiter {@code i} reading the whole body on {@code loop}; its text lands in {@link #bodies}. */
    Mono<Void> waiter(int i, DefaultEventLoop loop) {
        StringBuilder got = new StringBuilder();
        return stream.reader(loop, n -> { }).send(
                whole -> whole.doOnNext(b -> got.append(take(b))).then(),
                streamed -> Flux.from(streamed).doOnNext(b -> got.append(take(b))).then())
                .doOnSuccess(v -> bodies.put(i, got.toString()));
    }

    @Test
    @Timeout(30)
    void eachChunk_wakesEachEventLoopOnce_notEachWaiter_andEveryWaiterGetsTheWholeBody() throws Exception {
        int waiters = 100;
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < waiters; i++) {
            waiter(i, i % 2 == 0 ? loopA : loopB).subscribe(null, e -> { }, finished::incrementAndGet);
        }
        // Joining wakes each waiter once on its loop (it may have news already); nothing is there yet.
        until(() -> loopA.pendingTasks() == 0 && loopB.pendingTasks() == 0);
        int beforeA = loopA.tasks.get();
        int beforeB = loopB.tasks.get();

        stream.append(FillTest.chunk("abc"));
        stream.append(FillTest.chunk("def"));
        stream.complete();
        until(() -> finished.get() == waiters);

        // Two chunks and the end: at most three tasks per loop (fewer when a queued wake-up absorbs the next), where
        // a task per waiter would be 150 per loop.
        assertThat(loopA.tasks.get() - beforeA).isBetween(1, 3);
        assertThat(loopB.tasks.get() - beforeB).isBetween(1, 3);
        assertThat(bodies).hasSize(waiters);
        assertThat(bodies.values()).containsOnly("abcdef");
        // The same direct copy went to everyone: each handed-out buffer is a duplicate, all released with the copy.
        assertThat(handedOut).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(direct.get()).as("buffers handed out in direct memory").isEqualTo(handedOut.size());
        assertThat(budget.heldBytes()).as("the fill's bytes went back to the budget").isZero();
    }

    @Test
    @Timeout(30)
    void aWaiterLeavingMidBody_releasesWhatItHeld_andTheOthersStillFinish() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger left = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            waiter(i, loopA).subscribe(null, e -> { }, finished::incrementAndGet);
        }
        // This one leaves after the first chunk, as a client that disconnects mid-body.
        stream.reader(loopA, n -> { }).send(whole -> whole.doOnNext(this::take).then(),
                streamed -> Flux.from(streamed).take(1).doOnNext(this::take).then())
                .subscribe(null, e -> { }, left::incrementAndGet);
        until(() -> loopA.pendingTasks() == 0);

        stream.append(FillTest.chunk("abc"));
        until(() -> left.get() == 1);
        stream.append(FillTest.chunk("def"));
        stream.complete();
        until(() -> finished.get() == 10);

        assertThat(bodies.values()).hasSize(10).containsOnly("abcdef");
        assertThat(handedOut).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    @Timeout(30)
    void aSlowWaiter_holdsBackNobody_andKeepsOnlyTheFillsOwnChunks() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            waiter(i, loopA).subscribe(null, e -> { }, finished::incrementAndGet);
        }
        // A connection that takes one chunk and then asks for nothing more (its client stopped reading).
        List<Subscription> slow = new ArrayList<>();
        stream.reader(loopA, n -> { }).send(whole -> whole.doOnNext(this::take).then(),
                streamed -> Mono.<Void>never().doOnSubscribe(x -> streamed.subscribe(new BaseSubscriber<ByteBuf>() {
                    @Override
                    protected void hookOnSubscribe(Subscription s) {
                        slow.add(s);
                        s.request(1);
                    }

                    @Override
                    protected void hookOnNext(ByteBuf b) {
                        take(b);
                    }
                }))).subscribe();
        until(() -> loopA.pendingTasks() == 0);

        stream.append(FillTest.chunk("abc"));
        until(() -> handedOut.size() >= 11); // the slow one has its first chunk
        stream.append(FillTest.chunk("def"));
        stream.complete();
        until(() -> finished.get() == 10);

        assertThat(bodies.values()).hasSize(10).containsOnly("abcdef");
        assertThat(budget.heldBytes()).as("the slow waiter still reads the fill's chunks").isEqualTo(6);
        slow.get(0).cancel();
        until(() -> budget.heldBytes() == 0);
        assertThat(handedOut).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    @Timeout(30)
    void aWaiterHearingOfACompleteBody_sendsItWhole_inOneBuffer() throws Exception {
        stream.append(FillTest.chunk("abc"));
        stream.append(FillTest.chunk("def"));
        stream.complete();
        List<String> sent = new CopyOnWriteArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        stream.reader(loopA, n -> { }).send(whole -> whole.doOnNext(b -> sent.add("whole:" + take(b))).then(),
                streamed -> Flux.from(streamed).doOnNext(b -> sent.add("chunk:" + take(b))).then())
                .subscribe(null, e -> { }, finished::incrementAndGet);
        until(() -> finished.get() == 1);
        assertThat(sent).containsExactly("whole:abcdef");
        assertThat(handedOut).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    @Timeout(30)
    void aFillFailingMidBody_failsItsWaiters_andReleasesItsCopies() throws Exception {
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            waiter(i, i % 2 == 0 ? loopA : loopB).subscribe(null, e -> failed.incrementAndGet());
        }
        until(() -> loopA.pendingTasks() == 0 && loopB.pendingTasks() == 0);
        stream.append(FillTest.chunk("abc"));
        until(() -> handedOut.size() == 10);
        stream.fail(new IllegalStateException("origin reset"));
        until(() -> failed.get() == 10);
        assertThat(bodies).isEmpty();
        assertThat(handedOut).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(budget.heldBytes()).isZero();
    }
}

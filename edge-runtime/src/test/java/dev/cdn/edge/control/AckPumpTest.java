package dev.cdn.edge.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.wire.Ack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

class AckPumpTest {

    private static Ack ack(long seq) {
        return Ack.applied(seq, "svc", null, null);
    }

    @Test
    void offer_postsALoneAckAtOnce() {
        List<List<Ack>> posts = new ArrayList<>();
        AckPump pump = new AckPump(Duration.ofSeconds(10), batch -> {
            posts.add(batch);
            return Mono.empty();
        });
        pump.offer(ack(1));
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0)).extracting(Ack::seq).containsExactly(1L);
    }

    @Test
    void offer_whileAPostIsInFlight_batchesTheRestIntoOneNextPost() {
        List<List<Ack>> posts = new ArrayList<>();
        List<Sinks.Empty<Void>> inFlight = new ArrayList<>();
        AckPump pump = new AckPump(Duration.ofSeconds(10), batch -> {
            posts.add(batch);
            Sinks.Empty<Void> done = Sinks.empty();
            inFlight.add(done);
            return done.asMono();
        });
        pump.offer(ack(1));
        pump.offer(ack(2));
        pump.offer(ack(3));
        assertThat(posts).hasSize(1);
        inFlight.get(0).tryEmitEmpty();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1)).extracting(Ack::seq).containsExactly(2L, 3L);
    }

    @Test
    void offer_afterAFailedPost_keepsSending() {
        List<List<Ack>> posts = new ArrayList<>();
        AckPump pump = new AckPump(Duration.ofSeconds(10), batch -> {
            posts.add(batch);
            return posts.size() == 1 ? Mono.error(new IllegalStateException("down")) : Mono.empty();
        });
        pump.offer(ack(1));
        pump.offer(ack(2));
        assertThat(posts).hasSize(2);
    }

    @Test
    void aPostThatNeverAnswers_isAbandonedAfterItsTimeout_andTheAcksBehindItGoNext() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        try {
            List<List<Ack>> posts = new ArrayList<>();
            AckPump pump = new AckPump(Duration.ofSeconds(10), batch -> {
                posts.add(batch);
                return posts.size() == 1 ? Mono.never() : Mono.empty(); // the first post hangs
            });
            pump.offer(ack(1));
            pump.offer(ack(2));
            pump.offer(ack(3));
            assertThat(posts).hasSize(1);

            time.advanceTimeBy(Duration.ofSeconds(10));
            assertThat(posts).hasSize(2);
            assertThat(posts.get(1)).extracting(Ack::seq).containsExactly(2L, 3L);
        } finally {
            VirtualTimeScheduler.reset();
        }
    }

    @Test
    void acksWaitingBehindAHungPost_areBounded_theOldestDroppedFirst() {
        List<List<Ack>> posts = new ArrayList<>();
        AckPump pump = new AckPump(Duration.ofHours(1), batch -> {
            posts.add(batch);
            return posts.size() == 1 ? Mono.never() : Mono.empty();
        });
        for (long seq = 1; seq <= AckPump.MAX_QUEUED + 101; seq++) {
            pump.offer(ack(seq));
        }
        assertThat(pump.dropped()).isEqualTo(100);
    }
}

package dev.cdn.edge.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class AckPumpTest {

    private static Ack ack(long seq) {
        return Ack.applied(seq, "svc", null, null);
    }

    @Test
    void offer_postsALoneAckAtOnce() {
        List<List<Ack>> posts = new ArrayList<>();
        AckPump pump = new AckPump(batch -> {
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
        AckPump pump = new AckPump(batch -> {
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
        AckPump pump = new AckPump(batch -> {
            posts.add(batch);
            return posts.size() == 1 ? Mono.error(new IllegalStateException("down")) : Mono.empty();
        });
        pump.offer(ack(1));
        pump.offer(ack(2));
        assertThat(posts).hasSize(2);
    }
}

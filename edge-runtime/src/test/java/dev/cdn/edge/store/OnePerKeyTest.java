package dev.cdn.edge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class OnePerKeyTest {

    final OnePerKey tasks = new OnePerKey();
    final AtomicInteger started = new AtomicInteger();

    /** A task that runs until the test completes its sink, counting how many were subscribed. */
    Mono<?> task(Sinks.One<String> done) {
        return done.asMono().doOnSubscribe(s -> started.incrementAndGet());
    }

    @Test
    void callsForAKeyWhoseTaskRuns_startNothing() {
        Sinks.One<String> done = Sinks.one();
        assertThat(tasks.start("k", () -> task(done))).isTrue();
        for (int i = 0; i < 50; i++) {
            assertThat(tasks.start("k", () -> task(done))).isFalse();
        }
        assertThat(started).hasValue(1);
        assertThat(tasks.running()).isEqualTo(1);
    }

    @Test
    void otherKeys_runBeside_it() {
        Sinks.One<String> a = Sinks.one();
        Sinks.One<String> b = Sinks.one();
        assertThat(tasks.start("a", () -> task(a))).isTrue();
        assertThat(tasks.start("b", () -> task(b))).isTrue();
        assertThat(started).hasValue(2);
    }

    @Test
    void aKey_isFreeAgain_onceItsTaskEnds_withAValue_empty_orAnError() {
        for (String end : new String[] {"value", "empty", "error"}) {
            Sinks.One<String> done = Sinks.one();
            assertThat(tasks.start("k", () -> task(done))).isTrue();
            switch (end) {
                case "value" -> done.tryEmitValue("read");
                case "empty" -> done.tryEmitEmpty();
                default -> done.tryEmitError(new java.io.IOException("damaged file"));
            }
            assertThat(tasks.running()).as(end).isZero();
        }
        assertThat(started).hasValue(3);
    }

    @Test
    void aTaskThatCannotBeMade_leavesItsKeyFree() {
        assertThatThrownBy(() -> tasks.start("k", () -> {
            throw new IllegalStateException("no task");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(tasks.running()).isZero();
        assertThat(tasks.start("k", () -> task(Sinks.one()))).isTrue();
    }
}

package dev.cdn.api.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.cdn.config.EdgeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The replica's one log read per wake-up, with the log's reads held open by the test. */
class SharedEventReaderTest {

    private final EdgeEventLog log = mock(EdgeEventLog.class);
    private final List<Sinks.Many<EdgeEvent>> reads = new ArrayList<>();
    private final AtomicInteger readCount = new AtomicInteger();
    private SharedEventReader reader;

    @BeforeEach
    void setUp() {
        when(log.head()).thenReturn(Mono.just(5L));
        when(log.after(anyLong(), anyInt())).thenAnswer(call -> {
            readCount.incrementAndGet();
            Sinks.Many<EdgeEvent> read = Sinks.many().replay().all();
            reads.add(read);
            return read.asFlux();
        });
        reader = new SharedEventReader(log);
        reader.refresh(EdgeEventHub.UNKNOWN).block(Duration.ofSeconds(5)); // the first read takes the head: 5
    }

    private static EdgeEvent event(long seq) {
        return EdgeEvent.remove(seq, "svc");
    }

    private static long[] seqs(List<EncodedEvent> events) {
        return events.stream().mapToLong(EncodedEvent::seq).toArray();
    }

    @Test
    void after_fleetWokenForOneCommit_costsOneRead() {
        List<List<EncodedEvent>> served = new ArrayList<>();
        for (int stream = 0; stream < 20; stream++) {
            reader.after(5, 6).subscribe(served::add);
        }
        assertThat(readCount).hasValue(1);
        reads.get(0).tryEmitNext(event(6));
        reads.get(0).tryEmitComplete();

        assertThat(served).hasSize(20).allSatisfy(events -> assertThat(seqs(events)).containsExactly(6));
        assertThat(readCount).hasValue(1);
    }

    @Test
    void after_sequenceAlreadyRead_isAnsweredFromMemory() {
        reader.after(5, 6).subscribe();
        reads.get(0).tryEmitNext(event(6));
        reads.get(0).tryEmitComplete();

        // The second announcement of the same commit (this replica's, then the notification's).
        assertThat(seqs(reader.after(5, 6).block(Duration.ofSeconds(5)))).containsExactly(6);
        assertThat(readCount).hasValue(1);
    }

    @Test
    void after_sequenceTheRunningReadMissed_readsAgain() {
        List<List<EncodedEvent>> served = new ArrayList<>();
        reader.after(5, 6).subscribe(served::add);
        reader.after(5, 7).subscribe(served::add); // 7 was committed after the running read began
        reads.get(0).tryEmitNext(event(6));
        reads.get(0).tryEmitComplete();
        assertThat(served).hasSize(1);

        assertThat(readCount).hasValue(2);
        reads.get(1).tryEmitNext(event(7));
        reads.get(1).tryEmitComplete();
        assertThat(served).hasSize(2);
        assertThat(seqs(served.get(1))).containsExactly(6, 7);
    }

    @Test
    void after_unknownSequence_waitsForAReadThatStartedAfterTheCall() {
        List<List<EncodedEvent>> served = new ArrayList<>();
        reader.after(5, 6).subscribe();
        reader.after(5, EdgeEventHub.UNKNOWN).subscribe(served::add); // a poll: the running read may be too early
        reads.get(0).tryEmitNext(event(6));
        reads.get(0).tryEmitComplete();
        assertThat(served).isEmpty();

        reads.get(1).tryEmitComplete();
        assertThat(served).hasSize(1);
        assertThat(seqs(served.get(0))).containsExactly(6);
    }

    @Test
    void after_sequenceNoReadReaches_stillCompletes() {
        List<List<EncodedEvent>> served = new ArrayList<>();
        reader.after(5, 9).subscribe(served::add); // announced, but gone from the log by the time it is read
        reads.get(0).tryEmitComplete();

        assertThat(served).singleElement().satisfies(events -> assertThat(events).isEmpty());
        assertThat(readCount).hasValue(1);
        verify(log, times(1)).after(anyLong(), anyInt());
    }
}

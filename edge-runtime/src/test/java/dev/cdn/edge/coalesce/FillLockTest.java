package dev.cdn.edge.coalesce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class FillLockTest {

    @Test
    void firstAcquirerWrites_othersReadTheResult() {
        FillLock lock = new FillLock(Duration.ofSeconds(5));
        FillLock.Lease writer = lock.acquire("k");
        FillLock.Lease reader = lock.acquire("k");
        assertThat(writer.isWriter()).isTrue();
        assertThat(reader.isWriter()).isFalse();
        StepVerifier.create(reader.await())
                .then(() -> writer.complete(FillResult.of(FillOutcome.NOT_SHAREABLE)))
                .assertNext(r -> assertThat(r.outcome()).isEqualTo(FillOutcome.NOT_SHAREABLE))
                .verifyComplete();
        assertThat(lock.inflightCount()).isZero();
        assertThat(lock.acquire("k").isWriter()).isTrue();
    }

    @Test
    void readerTimesOut_whenWriterIsSlow() {
        FillLock lock = new FillLock(Duration.ofSeconds(5));
        lock.acquire("k");
        StepVerifier.withVirtualTime(() -> lock.acquire("k").await())
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(r -> assertThat(r.outcome()).isEqualTo(FillOutcome.TIMED_OUT))
                .verifyComplete();
    }

    @Test
    void tryAcquire_refusesWhileAFillIsInFlight() {
        FillLock lock = new FillLock(Duration.ofSeconds(5));
        FillLock.Lease w = lock.tryAcquire("k");
        assertThat(w).isNotNull();
        assertThat(lock.tryAcquire("k")).isNull();
        w.complete(FillResult.of(FillOutcome.WRITER_GONE));
        assertThat(lock.tryAcquire("k")).isNotNull();
    }
}

package dev.cdn.edge.coalesce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.store.PurgeEpochs;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class FillLockTest {

    static final String URL = "http://demo.localhost/a";
    final PurgeEpochs epochs = new PurgeEpochs();

    @Test
    void firstAcquirerWrites_othersReadTheResult() {
        FillLock lock = new FillLock(Duration.ofSeconds(5), epochs);
        FillLock.Lease writer = lock.acquire("k", "svc", URL);
        FillLock.Lease reader = lock.acquire("k", "svc", URL);
        assertThat(writer.isWriter()).isTrue();
        assertThat(reader.isWriter()).isFalse();
        StepVerifier.create(reader.await())
                .then(() -> writer.complete(FillResult.of(FillOutcome.NOT_SHAREABLE)))
                .assertNext(r -> assertThat(r.outcome()).isEqualTo(FillOutcome.NOT_SHAREABLE))
                .verifyComplete();
        assertThat(lock.inflightCount()).isZero();
        assertThat(lock.acquire("k", "svc", URL).isWriter()).isTrue();
    }

    @Test
    void readerTimesOut_whenWriterIsSlow() {
        FillLock lock = new FillLock(Duration.ofSeconds(5), epochs);
        lock.acquire("k", "svc", URL);
        StepVerifier.withVirtualTime(() -> lock.acquire("k", "svc", URL).await())
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(r -> assertThat(r.outcome()).isEqualTo(FillOutcome.TIMED_OUT))
                .verifyComplete();
    }

    @Test
    void tryAcquire_refusesWhileAFillIsInFlight() {
        FillLock lock = new FillLock(Duration.ofSeconds(5), epochs);
        FillLock.Lease w = lock.tryAcquire("k", "svc", URL);
        assertThat(w).isNotNull();
        assertThat(lock.tryAcquire("k", "svc", URL)).isNull();
        w.complete(FillResult.of(FillOutcome.WRITER_GONE));
        assertThat(lock.tryAcquire("k", "svc", URL)).isNotNull();
    }

    @Test
    void purgeOfTheUrl_detachesTheFill_soALaterRequestBecomesAWriter() {
        FillLock lock = new FillLock(Duration.ofSeconds(5), epochs);
        FillLock.Lease old = lock.acquire("k", "svc", URL);
        FillLock.Lease before = lock.acquire("k", "svc", URL);
        epochs.purgeUrl("svc", URL);
        assertThat(lock.detachPurged()).isEqualTo(1);

        FillLock.Lease after = lock.acquire("k", "svc", URL);
        assertThat(after.isWriter()).as("admitted after the purge: never joins the old fill").isTrue();
        // The old writer still answers the reader that joined before the purge, and leaves the new fill alone.
        StepVerifier.create(before.await())
                .then(() -> old.complete(FillResult.of(FillOutcome.WRITER_GONE)))
                .assertNext(r -> assertThat(r.outcome()).isEqualTo(FillOutcome.WRITER_GONE))
                .verifyComplete();
        assertThat(lock.acquire("k", "svc", URL).isWriter()).as("the new fill still holds the key").isFalse();
    }

    @Test
    void readerJoiningAFillPurgedSinceItStarted_takesTheKeyOver_evenBeforeTheDetach() {
        FillLock lock = new FillLock(Duration.ofSeconds(5), epochs);
        lock.acquire("k", "svc", URL);
        epochs.purgePrefix("svc", "http://demo.localhost/");
        assertThat(lock.acquire("k", "svc", URL).isWriter()).isTrue();
    }

    @Test
    void purgeOfAnotherUrl_leavesTheFillJoinable() {
        FillLock lock = new FillLock(Duration.ofSeconds(5), epochs);
        lock.acquire("k", "svc", URL);
        epochs.purgeUrl("svc", "http://demo.localhost/other");
        epochs.purgeAll("another-service");
        assertThat(lock.detachPurged()).isZero();
        assertThat(lock.acquire("k", "svc", URL).isWriter()).isFalse();
    }
}

package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** When a rotated login is read again: at the first refusal, even right after a read; once for many refusals. */
class DatabaseLoginTest {

    @Test
    void aRefusalRightAfterTheStartRead_readsAgain_andConcurrentRefusalsShareOneRead() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Supplier<DatabaseLogin.Login> secret = () -> {
            int n = reads.incrementAndGet();
            if (n > 1) {
                try {
                    release.await(); // hold the re-read open while more refusals arrive
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new DatabaseLogin.Login("cdn", "password-" + n);
        };
        DatabaseLogin login = new DatabaseLogin(new DatabaseCredentials(null, null), secret, Duration.ofHours(1));
        try {
            assertThat(login.password(null)).isEqualTo("password-1");

            // flatMap subscribes all twenty at once, while the first one's read is held open.
            var refusals = Flux.range(0, 20).flatMap(i -> login.refreshAfterRefusal().thenReturn(i)).collectList().toFuture();
            release.countDown();
            assertThat(refusals.get()).hasSize(20);

            assertThat(reads.get()).as("the start read, then one read shared by twenty refusals").isEqualTo(2);
            assertThat(login.password(null)).isEqualTo("password-2");
            login.refreshAfterRefusal().block(Duration.ofSeconds(5));
            assertThat(reads.get()).as("a refusal within the minimum gap reads nothing").isEqualTo(2);
        } finally {
            login.close();
        }
    }
}

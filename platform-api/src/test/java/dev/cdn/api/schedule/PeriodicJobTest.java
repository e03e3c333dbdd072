package dev.cdn.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PeriodicJobTest {

    @Test
    void passLongerThanTheInterval_skipsTicks_andTheJobKeepsRunning() throws InterruptedException {
        CountDownLatch passes = new CountDownLatch(4);
        PeriodicJob job = new PeriodicJob("slow job", Duration.ofMillis(1), Duration.ofMillis(5)) {
            @Override
            protected Mono<?> runOnce() {
                passes.countDown();
                return Mono.delay(Duration.ofMillis(40)); // eight intervals
            }
        };
        job.start();
        try {
            assertThat(passes.await(10, TimeUnit.SECONDS)).as("passes go on after one overran the interval").isTrue();
            assertThat(job.isRunning()).isTrue();
        } finally {
            job.stop();
        }
    }
}

package dev.cdn.api.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The evaluator's clock in tests: the real time moved by an offset the test sets, so a window passes without
 * waiting while the rows the database stamps with its own time (acks, node heartbeats) stay comparable.
 */
class ManualAlertClock extends AlertClock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    Instant now() {
        return Instant.now().plus(offset.get());
    }

    void advance(Duration by) {
        offset.updateAndGet(d -> d.plus(by));
    }

    /** Back to the real time: what the database stamps from now on is "now" again. */
    void reset() {
        offset.set(Duration.ZERO);
    }

    @TestConfiguration
    static class Config {
        @Bean
        @Primary
        ManualAlertClock manualAlertClock() {
            return new ManualAlertClock();
        }
    }
}

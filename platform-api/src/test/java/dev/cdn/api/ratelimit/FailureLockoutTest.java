package dev.cdn.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLockoutTest {

    private final AtomicLong nanos = new AtomicLong();
    private final FailureLockout lockout = new FailureLockout(3, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofHours(1), nanos::get);

    @Test
    void failed_beyondTheFreeFailures_locksForADoublingTimeUpToTheMaximum() {
        assertThat(lockout.failed("a")).isZero();
        assertThat(lockout.failed("a")).isZero();
        assertThat(lockout.failed("a")).isZero();
        assertThat(lockout.lockedForSeconds("a")).isZero();
        assertThat(lockout.failed("a")).isEqualTo(1);
        assertThat(lockout.failed("a")).isEqualTo(2);
        assertThat(lockout.failed("a")).isEqualTo(4);
        assertThat(lockout.failed("a")).isEqualTo(8);
        assertThat(lockout.failed("a")).isEqualTo(10);
        assertThat(lockout.failed("a")).isEqualTo(10);
        assertThat(lockout.lockedForSeconds("a")).isEqualTo(10);
        assertThat(lockout.lockedForSeconds("b")).isZero();
    }

    @Test
    void lockedForSeconds_countsDownWithTime_andSuccessForgets() {
        for (int i = 0; i < 5; i++) {
            lockout.failed("a");
        }
        assertThat(lockout.lockedForSeconds("a")).isEqualTo(2);
        nanos.addAndGet(Duration.ofMillis(1500).toNanos());
        assertThat(lockout.lockedForSeconds("a")).isEqualTo(1);
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(lockout.lockedForSeconds("a")).isZero();
        lockout.succeeded("a");
        assertThat(lockout.failed("a")).isZero();
    }
}

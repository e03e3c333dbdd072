package dev.cdn.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void take_burstThenLimited_reportsRemainingResetAndRetryAfter() {
        TokenBucket bucket = new TokenBucket(3, 1.0, 0);
        assertThat(bucket.take(0)).isEqualTo(new RateVerdict(RateOutcome.ALLOWED, 3, 2, 1, 0));
        assertThat(bucket.take(0)).isEqualTo(new RateVerdict(RateOutcome.ALLOWED, 3, 1, 2, 0));
        assertThat(bucket.take(0)).isEqualTo(new RateVerdict(RateOutcome.ALLOWED, 3, 0, 3, 0));
        assertThat(bucket.take(0)).isEqualTo(new RateVerdict(RateOutcome.LIMITED, 3, 0, 3, 1));
    }

    @Test
    void take_afterWaiting_refillsAtTheRateButNeverBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(2, 0.5, 0);
        bucket.take(0);
        bucket.take(0);
        assertThat(bucket.take(SECOND).outcome()).isEqualTo(RateOutcome.LIMITED);
        assertThat(bucket.take(SECOND).retryAfterSeconds()).isEqualTo(1);
        assertThat(bucket.take(2 * SECOND).outcome()).isEqualTo(RateOutcome.ALLOWED);
        assertThat(bucket.take(1000 * SECOND).remaining()).isEqualTo(1);
        assertThat(bucket.full(2000 * SECOND)).isTrue();
    }

    @Test
    void take_clockGoingBackwards_doesNotRefill() {
        TokenBucket bucket = new TokenBucket(1, 1.0, 10 * SECOND);
        bucket.take(10 * SECOND);
        assertThat(bucket.take(5 * SECOND).outcome()).isEqualTo(RateOutcome.LIMITED);
    }

    @Test
    void take_costlyCall_takesItsCostAndWaitsForAllOfIt() {
        TokenBucket bucket = new TokenBucket(20, 2.0, 0);
        assertThat(bucket.take(0, 15)).isEqualTo(new RateVerdict(RateOutcome.ALLOWED, 20, 5, 8, 0));
        // 5 tokens left: a call of 15 waits for 10 more (5 s at 2/s); a call of 1 still fits.
        assertThat(bucket.take(0, 15)).isEqualTo(new RateVerdict(RateOutcome.LIMITED, 20, 5, 8, 5));
        assertThat(bucket.take(0, 1).outcome()).isEqualTo(RateOutcome.ALLOWED);
        assertThat(bucket.nanosUntilOne(0)).isZero();
    }

    @Test
    void take_costAboveTheBurst_takesTheWholeBurst_soItFitsAnIdleBucket() {
        TokenBucket bucket = new TokenBucket(5, 1.0, 0);
        assertThat(bucket.take(0, 15)).isEqualTo(new RateVerdict(RateOutcome.ALLOWED, 5, 0, 5, 0));
    }

    @Test
    void nanosUntilOne_emptyBucket_isTheTimeToRefillOneToken() {
        TokenBucket bucket = new TokenBucket(1, 4.0, 0);
        bucket.take(0);
        assertThat(bucket.nanosUntilOne(0)).isEqualTo(SECOND / 4);
        assertThat(bucket.nanosUntilOne(SECOND / 8)).isEqualTo(SECOND / 8);
        assertThat(bucket.nanosUntilOne(SECOND)).isZero();
    }
}

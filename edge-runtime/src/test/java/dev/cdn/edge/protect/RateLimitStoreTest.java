package dev.cdn.edge.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.RateLimit;
import dev.cdn.config.RateLimitKey;
import dev.cdn.edge.support.MutableClock;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitStoreTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    ProtectedRequest from(InetAddress client) {
        return new ProtectedRequest("GET", "/a", "/a", null, new DefaultHttpHeaders(), client, null, clock.millis());
    }

    @Test
    void addressRotation_neverHoldsMoreBucketsThanTheBound() throws Exception {
        RateLimitStore store = new RateLimitStore(clock, 1_000);
        RateLimiter limit = new RateLimiter("s", new RateLimit("l", List.of(), RateLimitKey.ADDRESS, null, 1, 1));
        for (int i = 0; i < 100_000; i++) {
            byte[] v4 = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
            assertThat(limit.acquire(from(InetAddress.getByAddress(v4)), store)).isZero();
        }
        assertThat(store.size()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void ipv6_isCountedByItsSlash64() throws Exception {
        RateLimitStore store = new RateLimitStore(clock, 1_000);
        RateLimiter limit = new RateLimiter("s", new RateLimit("l", List.of(), RateLimitKey.ADDRESS, null, 1, 1));
        assertThat(limit.acquire(from(InetAddress.getByName("2001:db8:1:2::1")), store)).isZero();
        assertThat(limit.acquire(from(InetAddress.getByName("2001:db8:1:2:ffff::9")), store)).isPositive();
        assertThat(limit.acquire(from(InetAddress.getByName("2001:db8:1:3::1")), store)).isZero();
    }

    @Test
    void idleBuckets_expireOnceTheyWouldBeFull() throws Exception {
        RateLimitStore store = new RateLimitStore(clock, 1_000);
        RateLimiter limit = new RateLimiter("s", new RateLimit("l", List.of(), RateLimitKey.ADDRESS, null, 10, 10));
        limit.acquire(from(InetAddress.getByName("192.0.2.1")), store);
        assertThat(store.size()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.size()).isZero();
    }
}

package dev.cdn.edge.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ShieldPrefetcherTest {

    private final AtomicLong nanos = new AtomicLong(1);
    private final List<String> fetched = new ArrayList<>();
    private final Map<PrefetchOutcome, LongAdder> outcomes = new ConcurrentHashMap<>();

    private ShieldPrefetcher prefetcher(int perSecond, long bytesPerSecond, long bodyBytes) {
        PrefetchSettings s = new PrefetchSettings(perSecond, bytesPerSecond, Duration.ofSeconds(30), 100, 100, 4, 2,
                0.3, 2);
        return new ShieldPrefetcher(s, nanos::get, (scheme, authority, path) -> {
            fetched.add(scheme + "://" + authority + path);
            return Mono.just(bodyBytes);
        }, (service, outcome) -> outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment());
    }

    private static void session(ShieldPrefetcher p, String client, String... paths) {
        for (String path : paths) {
            p.requested("svc", client, "https", "a.localhost", path, 200);
        }
    }

    @Test
    void requested_prefetchesWhatFollows_withItsScheme() {
        ShieldPrefetcher p = prefetcher(10, 1_000_000, 100);
        session(p, "u1", "/a", "/b");
        session(p, "u2", "/a", "/b");
        assertThat(fetched).isEmpty();
        session(p, "u3", "/a");
        assertThat(fetched).containsExactly("https://a.localhost/b");
        assertThat(outcomes.get(PrefetchOutcome.FETCHED).sum()).isEqualTo(1);
    }

    @Test
    void requested_doesNotPrefetchTheSameObjectAgainWithinTheWindow() {
        ShieldPrefetcher p = prefetcher(10, 1_000_000, 100);
        session(p, "u1", "/a", "/b");
        session(p, "u2", "/a", "/b");
        session(p, "u3", "/a");
        session(p, "u4", "/a");
        assertThat(fetched).hasSize(1);
        assertThat(outcomes.get(PrefetchOutcome.RECENT).sum()).isEqualTo(1);
    }

    @Test
    void budget_boundsPrefetchesPerSecond_andRefillsWithTime() {
        ShieldPrefetcher p = prefetcher(2, 1_000_000, 10);
        for (int page = 0; page < 5; page++) {
            session(p, "u1-" + page, "/p" + page, "/n" + page);
            session(p, "u2-" + page, "/p" + page, "/n" + page);
        }
        for (int page = 0; page < 5; page++) {
            session(p, "u3-" + page, "/p" + page);
        }
        assertThat(fetched).as("two per second").hasSize(2);
        assertThat(outcomes.get(PrefetchOutcome.NO_BUDGET).sum()).isEqualTo(3);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        session(p, "u4", "/p4");
        assertThat(fetched).hasSize(3);
    }

    @Test
    void budget_boundsBytes_aBigPrefetchStopsTheNextUntilPaidBack() {
        ShieldPrefetcher p = prefetcher(100, 1000, 5000);
        for (int page = 0; page < 3; page++) {
            session(p, "u1-" + page, "/p" + page, "/n" + page);
            session(p, "u2-" + page, "/p" + page, "/n" + page);
        }
        for (int page = 0; page < 3; page++) {
            session(p, "u3-" + page, "/p" + page);
        }
        assertThat(fetched).as("the first prefetch spent five seconds of bytes").hasSize(1);
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        session(p, "u4", "/p2");
        assertThat(fetched).hasSize(2);
    }

    @Test
    void errors_andOwnPrefetches_teachNothing() {
        ShieldPrefetcher p = prefetcher(10, 1_000_000, 100);
        for (int i = 0; i < 5; i++) {
            p.requested("svc", "u" + i, "http", "a.localhost", "/a", 200);
            p.requested("svc", "u" + i, "http", "a.localhost", "/missing", 404);
        }
        assertThat(p.learner().predict("svc http a.localhost /a")).isEmpty();
    }
}

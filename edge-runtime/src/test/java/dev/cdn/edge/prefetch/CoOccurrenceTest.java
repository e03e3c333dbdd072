package dev.cdn.edge.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CoOccurrenceTest {

    private final AtomicLong nanos = new AtomicLong(1);

    private static PrefetchSettings bounded(int clients, int objects) {
        return new PrefetchSettings(10, 1_000_000, Duration.ofSeconds(30), clients, objects, 4, 3, 0.3, 2);
    }

    @Test
    void predict_learnsThatBFollowsA_afterEnoughSessions() {
        CoOccurrence learner = new CoOccurrence(bounded(100, 100), nanos::get);
        for (int client = 0; client < 2; client++) {
            learner.observe("c" + client, "/a");
            learner.observe("c" + client, "/b");
        }
        assertThat(learner.predict("/a")).as("two sessions are below minCount 3").isEmpty();
        learner.observe("c2", "/a");
        learner.observe("c2", "/b");
        assertThat(learner.predict("/a")).containsExactly("/b");
        assertThat(learner.predict("/b")).as("co-occurrence is ordered: A before B").isEmpty();
    }

    @Test
    void predict_ignoresRequestsOutsideTheSessionWindow() {
        CoOccurrence learner = new CoOccurrence(bounded(100, 100), nanos::get);
        for (int client = 0; client < 5; client++) {
            learner.observe("c" + client, "/a");
            nanos.addAndGet(Duration.ofSeconds(31).toNanos());
            learner.observe("c" + client, "/b");
        }
        assertThat(learner.predict("/a")).isEmpty();
    }

    @Test
    void predict_needsConfidence_aRareFollowerOfAPopularPageIsNotPredicted() {
        CoOccurrence learner = new CoOccurrence(bounded(1000, 1000), nanos::get);
        for (int client = 0; client < 100; client++) {
            learner.observe("c" + client, "/home");
            learner.observe("c" + client, client % 10 == 0 ? "/rare" : "/news");
        }
        assertThat(learner.predict("/home")).containsExactly("/news");
    }

    @Test
    void memory_staysWithinItsBounds_howeverManyClientsAndObjectsArrive() {
        CoOccurrence learner = new CoOccurrence(bounded(1_000, 5_000), nanos::get);
        for (int i = 0; i < 200_000; i++) {
            learner.observe("client-" + i, "/object/" + i);
            learner.observe("client-" + i, "/object/" + (i + 1));
        }
        assertThat(learner.clients()).isLessThanOrEqualTo(1_000);
        assertThat(learner.objects()).isLessThanOrEqualTo(5_000);
        // Each object keeps at most `successors` of them, each session at most SESSION_DEPTH keys.
        for (int i = 0; i < 50; i++) {
            learner.observe("one", "/hub");
            learner.observe("one", "/spoke/" + i);
        }
        assertThat(learner.predict("/hub")).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void observe_skipsKeysLongerThanTheBound() {
        CoOccurrence learner = new CoOccurrence(bounded(10, 10), nanos::get);
        learner.observe("c", "/" + "x".repeat(CoOccurrence.MAX_KEY_CHARS));
        assertThat(learner.objects()).isZero();
    }
}

package dev.cdn.edge.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs at most one background task per key at a time: a call for a key whose task has not finished starts nothing.
 * A hot object just demoted to disk is hit many times before its promotion has read it back into RAM; without this,
 * each of those hits would read the whole object again (a heap copy of its body apiece), and all but one copy would
 * be thrown away.
 */
final class OnePerKey {

    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** Subscribes to {@code task} unless {@code key}'s last one is still running; true when it started one. */
    boolean start(String key, Supplier<Mono<?>> task) {
        if (!running.add(key)) {
            return false;
        }
        Mono<?> mono;
        try {
            mono = task.get();
        } catch (RuntimeException e) {
            running.remove(key);
            throw e;
        }
        mono.doFinally(signal -> running.remove(key)).subscribe(v -> { }, e -> { });
        return true;
    }

    /** Keys with a task running now; for tests. */
    int running() {
        return running.size();
    }
}

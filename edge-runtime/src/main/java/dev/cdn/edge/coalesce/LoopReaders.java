package dev.cdn.edge.coalesce;

import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The readers of one fill whose connections live on one event loop: news of the fill (a chunk, its end) reaches
 * them as one task on that loop, not one task per reader, and a wake-up already queued absorbs the next one, so a
 * chunk and the end that follows it in the same read reach every reader together.
 */
final class LoopReaders implements Runnable {

    private final EventExecutor loop;
    // Added from any thread when a reader starts; read on the loop. Small (one fill's waiters on one loop).
    private final List<WireReader> readers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean queued = new AtomicBoolean();

    LoopReaders(EventExecutor loop) {
        this.loop = loop;
    }

    EventExecutor loop() {
        return loop;
    }

    void add(WireReader reader) {
        readers.add(reader);
    }

    void remove(WireReader reader) {
        readers.remove(reader);
    }

    /** Wakes the readers on their loop, once for however many calls arrive before the task runs. */
    void schedule() {
        if (queued.compareAndSet(false, true)) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException shutDown) {
                queued.set(false); // the node is closing: its connections close with their loops
            }
        }
    }

    /** Wakes the readers now when called on their loop (the writer's own loop: no task at all), else schedules. */
    void wakeNowOrSchedule() {
        if (loop.inEventLoop()) {
            run();
        } else {
            schedule();
        }
    }

    @Override
    public void run() {
        queued.set(false);
        for (WireReader r : readers) {
            r.wake();
        }
    }
}

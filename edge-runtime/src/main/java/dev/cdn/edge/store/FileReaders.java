package dev.cdn.edge.store;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The threads that read stored files for a response (a disk hit over TLS, a disk hit read for an ESI page), never
 * interrupted when the response is cancelled. A thread interrupted inside a read closes the FileChannel, and the disk
 * tier shares one open channel among every response sending the same file: with Reactor's bounded-elastic scheduler
 * (which interrupts a cancelled task's thread), one client leaving mid-body cut the other responses short, and their
 * sendfile could have been handed a closed (or reused) descriptor. A plain executor runs each task to its end; a
 * cancelled read stops at its next step. The reads of one response never overlap (its tasks go through one
 * trampolining worker, and a generated stream makes one read at a time); responses read in parallel on up to ten
 * threads a core, as many as bounded-elastic allows. Unlike bounded-elastic, the queue is not bounded: a task is one
 * chunk's read, and refusing it would fail a response already under way.
 */
public final class FileReaders {

    private static final Scheduler SCHEDULER = Schedulers.fromExecutor(threads(), true);

    private FileReaders() {
    }

    public static Scheduler scheduler() {
        return SCHEDULER;
    }

    private static ThreadPoolExecutor threads() {
        int max = 10 * Runtime.getRuntime().availableProcessors();
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread t = new Thread(task, "edge-file-read-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true); // idle threads go after a minute, as bounded-elastic's do
        return pool;
    }
}

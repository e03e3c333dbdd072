package dev.cdn.edge.support;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bytes the edge's event loops allocate per request, counted by the JVM per thread ({@code com.sun.management
 * .ThreadMXBean}), so the figure does not depend on the machine's speed or load. It does depend on the JIT: escape
 * analysis removes allocations only once a path is compiled, so callers warm it first, and {@link #perRequest} measures
 * several windows, more while none is under the bound (a window in which a method was still being compiled counts
 * more, never less). Clients must run on threads of their own, which are not counted.
 */
public final class EventLoopAllocation {

    /** The edge's event loops: reactor-netty's default loop resources (shared with a loopback origin in tests). */
    public static final String EVENT_LOOP_PREFIX = "reactor-http-";
    static final int WINDOWS = 3;
    static final int MAX_WINDOWS = 10;

    /** Something that makes {@code count} requests, one after another. */
    public interface Requests {
        void make(int count) throws Exception;
    }

    private EventLoopAllocation() {
    }

    /**
     * Bytes per request of each window of {@code perWindow} requests: at least 3 windows, and up to 10 while none is
     * under {@code bound}.
     */
    public static List<Long> perRequest(Requests requests, int perWindow, long bound) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] loops = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(EVENT_LOOP_PREFIX))
                .mapToLong(Thread::getId).toArray();
        if (loops.length == 0) {
            throw new IllegalStateException("no event loop threads named " + EVENT_LOOP_PREFIX + "*");
        }
        List<Long> perRequest = new ArrayList<>();
        for (int w = 0; w < WINDOWS || w < MAX_WINDOWS && Collections.min(perRequest) >= bound; w++) {
            long before = sum(threads.getThreadAllocatedBytes(loops));
            requests.make(perWindow);
            long after = sum(threads.getThreadAllocatedBytes(loops));
            perRequest.add((after - before) / perWindow);
        }
        return perRequest;
    }

    private static long sum(long[] bytes) {
        long total = 0;
        for (long b : bytes) {
            total += Math.max(0, b); // -1: a thread that ended meanwhile
        }
        return total;
    }
}

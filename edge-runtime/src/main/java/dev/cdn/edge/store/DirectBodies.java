package dev.cdn.edge.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the RAM tier's bodies live: unpooled direct buffers, allocated without a JDK cleaner where Netty can (freed
 * when their last reference is released, not by the garbage collector), under a byte budget of our own. A body that
 * does not fit the budget is refused, and counted, before any allocation: running out of direct memory would make
 * the JDK call {@code System.gc()} and sleep inside {@code ByteBuffer.allocateDirect}, on an event loop, and Netty's
 * own counter would throw. The object is then simply not kept in RAM (it is still stored on disk when there is a
 * disk tier). Bytes stay counted until the buffer is really freed, i.e. also while an evicted body is still being
 * sent. With {@link MemoryFiles}, large bodies live in memory-backed files instead, counted against the same bound.
 */
public final class DirectBodies {

    private final long maxBytes;
    /** Bytes being allocated right now, not yet in the allocator's count. */
    private final AtomicLong reserving = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final UnpooledByteBufAllocator allocator;

    /** Where large bodies go instead of direct buffers, or null. */
    private final MemoryFiles files;

    /** @param maxBytes the direct memory the bodies may take, in-flight sends of evicted bodies included */
    public DirectBodies(long maxBytes) {
        this(maxBytes, null);
    }

    /**
     * @param maxBytes the memory the bodies may take (direct buffers and memory-backed files together), in-flight
     *                 sends of evicted bodies included
     * @param files    where bodies from {@link MemoryFiles}'s size go, or null to keep every body in a direct buffer
     */
    public DirectBodies(long maxBytes, MemoryFiles files) {
        this.maxBytes = maxBytes;
        this.files = files;
        // preferDirect, leak detection on (tests run it paranoid), no cleaner where the platform allows it.
        this.allocator = new UnpooledByteBufAllocator(true, false, true);
    }

    /** A direct copy of a heap body, or null (counted) when it does not fit the budget or direct memory is out. */
    public DirectBody copyOf(byte[] bytes) {
        int n = bytes.length;
        long pending;
        do {
            pending = reserving.get();
            if (usedBytes() + pending + n > maxBytes) {
                refused.incrementAndGet();
                return null;
            }
        } while (!reserving.compareAndSet(pending, pending + n));
        ByteBuf buf;
        try {
            if (files != null && files.wants(n)) {
                DirectBody inFile = files.copyOf(bytes);
                if (inFile != null) {
                    return inFile;
                } // else counted there; a direct buffer holds it instead
            }
            buf = allocator.directBuffer(n, n);
        } catch (OutOfMemoryError e) { // Netty's OutOfDirectMemoryError, or the JDK's direct limit: refuse, never wait
            refused.incrementAndGet();
            return null;
        } finally {
            reserving.addAndGet(-n);
        }
        buf.writeBytes(bytes);
        return new DirectBody(buf);
    }

    /**
     * Bytes held by bodies now (resident, or evicted and still being sent): the allocator's own count, which drops
     * when a buffer's last reference is released, whoever releases it (a slice on the wire included), plus the bytes
     * in memory-backed files, which drop the same way.
     */
    public long usedBytes() {
        return allocator.metric().usedDirectMemory() + (files == null ? 0 : files.usedBytes());
    }

    /** Where large bodies go, or null when every body is in a direct buffer. */
    public MemoryFiles files() {
        return files;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Bodies refused because the budget (or direct memory) was exhausted. */
    public long refusedBodies() {
        return refused.get();
    }

    /** Whether buffers are freed without a JDK cleaner here (else the budget must stay below the JVM's direct limit). */
    public static boolean withoutCleaner() {
        return PlatformDependent.useDirectBufferNoCleaner();
    }
}

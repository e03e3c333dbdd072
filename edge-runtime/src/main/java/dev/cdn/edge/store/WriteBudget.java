package dev.cdn.edge.store;

import dev.cdn.edge.memory.ByteBudget;

/**
 * The bytes the disk writer may hold at once (queued and being written): every queued write keeps its body on the
 * heap, so a count of tasks bounds nothing when bodies are large. A write that does not fit is refused at admission
 * and counted, never queued: the object stays a RAM-only copy, and the heap stays bounded whatever the fill rate.
 */
final class WriteBudget {

    private final ByteBudget budget;

    WriteBudget(long maxBytes) {
        this.budget = new ByteBudget(maxBytes);
    }

    /** Takes {@code bytes} from the budget, or refuses (and counts) when they do not fit. */
    boolean tryReserve(long bytes) {
        return budget.tryReserve(bytes);
    }

    void release(long bytes) {
        budget.release(bytes);
    }

    long heldBytes() {
        return budget.heldBytes();
    }

    long refusedWrites() {
        return budget.refusals();
    }

    long maxBytes() {
        return budget.maxBytes();
    }
}

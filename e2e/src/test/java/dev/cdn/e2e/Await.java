package dev.cdn.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition a test cannot be told about (what an edge serves), bounded, polling every 50 ms. */
final class Await {

    private Await() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} (and {@code context}) after {@code timeout}. */
    static void until(String what, Duration timeout, Supplier<String> context, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what + context.get());
    }
}

package dev.cdn.edge.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A bounded wait for a network event (never for time a clock could simulate). */
public final class Await {

    private Await() {
    }

    public static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}

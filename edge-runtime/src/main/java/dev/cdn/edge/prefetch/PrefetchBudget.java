package dev.cdn.edge.prefetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.LongSupplier;

/**
 * Each service's prefetch budget: two token buckets, prefetches per second and body bytes per second (each holding
 * at most one second's worth). A prefetch takes one token of the first; its bytes are charged to the second when
 * they are known, which may leave it in debt: no prefetch starts until it is paid back. Time is injected.
 */
final class PrefetchBudget {

    private final int perSecond;
    private final long bytesPerSecond;
    private final LongSupplier nanos;
    private final Cache<String, Buckets> services;

    PrefetchBudget(PrefetchSettings settings, LongSupplier nanos) {
        this.perSecond = settings.perSecond();
        this.bytesPerSecond = settings.bytesPerSecond();
        this.nanos = nanos;
        this.services = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    }

    /** Takes one prefetch of the service's budget; false when it has none left now. */
    boolean tryStart(String serviceId) {
        return buckets(serviceId).tryStart(nanos.getAsLong());
    }

    /** Charges a finished prefetch's body bytes. */
    void charge(String serviceId, long bytes) {
        buckets(serviceId).charge(bytes, nanos.getAsLong());
    }

    private Buckets buckets(String serviceId) {
        return services.get(serviceId, id -> new Buckets(nanos.getAsLong()));
    }

    private final class Buckets {
        private double fetches;
        private double bytes;
        private long last;

        Buckets(long now) {
            fetches = perSecond;
            bytes = bytesPerSecond;
            last = now;
        }

        private void refill(long now) {
            double seconds = Math.max(0, now - last) / 1e9;
            last = Math.max(last, now);
            fetches = Math.min(perSecond, fetches + seconds * perSecond);
            bytes = Math.min(bytesPerSecond, bytes + seconds * bytesPerSecond);
        }

        synchronized boolean tryStart(long now) {
            refill(now);
            if (fetches < 1 || bytes <= 0) {
                return false;
            }
            fetches -= 1;
            return true;
        }

        synchronized void charge(long n, long now) {
            refill(now);
            bytes -= n;
        }
    }
}

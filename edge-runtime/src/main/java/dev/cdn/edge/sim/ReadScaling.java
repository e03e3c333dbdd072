package dev.cdn.edge.sim;

import dev.cdn.config.Admission;
import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.store.CachedObject;
import dev.cdn.edge.store.MemoryStorage;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded multi-threaded harness for the L1 read path (what a hit costs the RAM tier): each thread repeats what the
 * request path does for a hit, {@link MemoryStorage#varyNames} then {@link MemoryStorage#get}, on keys drawn from a
 * Zipf(1.0) distribution over objects that are all resident, for a fixed time, and the harness prints reads per
 * second per thread count. Not a unit test: run it on a quiet machine.
 *
 * <pre>
 * java -cp edge-runtime/target/classes:config-model/target/classes dev.cdn.edge.sim.ReadScaling \
 *     [--threads 1,2,8] [--seconds 5] [--warmup 3] [--keys 10000] [--rounds 3]
 * </pre>
 */
public final class ReadScaling {

    /** CPU time per read of the last run, in ns: the figure least bound by other load on the machine. */
    private static double lastCpuNanosPerRead;
    /** CPU time of all threads of the last run, in ns. */
    private static long lastCpuNanos;

    private ReadScaling() {
    }

    public static void main(String[] args) throws Exception {
        int[] threads = {1, 2, 8};
        int seconds = 5;
        int warmup = 3;
        int keys = 10_000;
        int rounds = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = java.util.Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--keys" -> keys = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        MemoryStorage storage = new MemoryStorage(256L * 1024 * 1024);
        String[] primaries = new String[keys];
        String[] storageKeys = new String[keys];
        byte[] body = new byte[1024];
        for (int k = 0; k < keys; k++) {
            primaries[k] = "bench http://bench.localhost/object/" + k;
            storageKeys[k] = primaries[k] + "\u0000";
            storage.put(new CachedObject(new CacheKey("bench", "http://bench.localhost/object/" + k, primaries[k]),
                    storageKeys[k], List.of(), 200, List.of(), body, 0, 0, 3600, 0, 0, false, Set.of(), false,
                    Admission.TINYLFU));
        }
        int[] trace = Trace.zipf(keys, 1.0, 1 << 20, 42, false).keys();
        System.out.printf(Locale.ROOT, "# L1 reads (varyNames + get), %d resident keys, Zipf(1.0), %d s per run, %d cores, %s%n",
                keys, seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        // Warm-up at every thread count (so the contended paths are compiled too), counted in CPU time: on a loaded
        // machine a few wall-clock seconds gave the JIT a fraction of that, and the first figure measured a cold path.
        for (int t : threads) {
            long cpu = 0;
            while (cpu < warmup * 1_000_000_000L) {
                run(storage, primaries, storageKeys, trace, t, 1);
                cpu += lastCpuNanos;
            }
        }
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            double single = 0;
            for (int t : threads) {
                double rate = run(storage, primaries, storageKeys, trace, t, seconds);
                if (t == 1) {
                    single = rate;
                }
                line.append(String.format(Locale.ROOT, "  %d thread(s) %.2f M reads/s%s, %.0f ns CPU/read;", t,
                        rate / 1e6, single > 0 && t > 1 ? String.format(Locale.ROOT, " (%.2fx)", rate / single) : "",
                        lastCpuNanosPerRead));
            }
            System.out.println(line);
        }
    }

    private static double run(MemoryStorage storage, String[] primaries, String[] storageKeys, int[] trace,
                              int threads, int seconds) throws InterruptedException {
        LongAdder reads = new LongAdder();
        LongAdder cpuNanos = new LongAdder();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(threads);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int seed = t;
            workers[t] = new Thread(() -> {
                int i = new SplittableRandom(seed).nextInt(trace.length);
                long done = 0;
                long cpuStart = mx.getCurrentThreadCpuTime();
                ready.countDown();
                while (!stop.get()) {
                    for (int n = 0; n < 1024; n++) {
                        int k = trace[i++ & (trace.length - 1)];
                        if (storage.varyNames(primaries[k]) != null && storage.get(storageKeys[k]) == null) {
                            throw new IllegalStateException("a resident key missed: " + storageKeys[k]);
                        }
                    }
                    done += 1024;
                }
                reads.add(done);
                cpuNanos.add(mx.getCurrentThreadCpuTime() - cpuStart);
            }, "read-scaling-" + t);
            workers[t].start();
        }
        ready.await();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the measurement's own duration, not a wait for a condition
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        lastCpuNanos = cpuNanos.sum();
        lastCpuNanosPerRead = (double) lastCpuNanos / reads.sum();
        return reads.sum() / elapsed;
    }
}

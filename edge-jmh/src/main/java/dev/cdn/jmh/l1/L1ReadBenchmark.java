package dev.cdn.jmh.l1;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The L1 read path ({@code store.MemoryStorage} over {@code eviction.WTinyLfuCache}) under 1, 2 and 8 threads (run
 * with {@code -t}): a hit on a resident key, the two calls the request path makes for a RAM hit, and a mix of reads
 * and writes on a tier that holds half of the keys (so writes evict, and some reads miss). Keys follow Zipf(1.0).
 * How to run it, and the recorded runs: docs/benchmarks.md, "L1 read path under 1, 2 and 8 threads".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class L1ReadBenchmark {

    /** Every key resident: 10,000 objects of 1 KiB. */
    @State(Scope.Benchmark)
    public static class Resident {
        L1Objects objects;

        @Setup(Level.Trial)
        public void setUp() {
            objects = new L1Objects(10_000, 1.0);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            objects.close();
        }
    }

    /** 20,000 keys over a tier with room for half of them. */
    @State(Scope.Benchmark)
    public static class Churning {
        L1Objects objects;

        @Setup(Level.Trial)
        public void setUp() {
            objects = new L1Objects(20_000, 0.5);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            objects.close();
        }
    }

    /** Each thread walks the Zipf sequence from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        private static final AtomicInteger SEEDS = new AtomicInteger();
        int position;

        @Setup(Level.Trial)
        public void setUp() {
            position = new SplittableRandom(SEEDS.incrementAndGet()).nextInt(L1Objects.TRACE_LENGTH);
        }

        int next(int[] trace) {
            return trace[position++ & (L1Objects.TRACE_LENGTH - 1)];
        }
    }

    /** A lookup of a resident object by its storage key. */
    @Benchmark
    public Object get(Resident r, Cursor c) {
        return r.objects.storage.get(r.objects.storageKeys[c.next(r.objects.trace)]);
    }

    /** What the request path does for a RAM hit: the Vary names of the primary key (counted by TinyLFU), then get. */
    @Benchmark
    public Object varyNamesThenGet(Resident r, Cursor c) {
        int k = c.next(r.objects.trace);
        List<String> vary = r.objects.storage.varyNames(r.objects.primaries[k]);
        return vary == null ? null : r.objects.storage.get(r.objects.storageKeys[k]);
    }

    /**
     * One write in 16 operations (a fill storing the object, admitted or not, evicting others), the rest reads as the
     * request path does them; a read that misses is what a fill then follows.
     */
    @Benchmark
    public void mixedReadWrite(Churning s, Cursor c, Blackhole bh) {
        int k = c.next(s.objects.trace);
        if ((c.position & 15) == 0) {
            s.objects.storage.put(s.objects.objects[k]);
            return;
        }
        List<String> vary = s.objects.storage.varyNames(s.objects.primaries[k]);
        bh.consume(vary == null ? null : s.objects.storage.get(s.objects.storageKeys[k]));
    }
}

package dev.cdn.jmh.l1;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Peers for {@link L1ReadBenchmark}, on the same keys, trace and thread cursors, run beside it so that its 1 → 2
 * thread scaling can be read against what this machine allows: a {@code ConcurrentHashMap} lookup (no policy work at
 * all: the ceiling of any cache's read), and Caffeine's {@code getIfPresent} (the W-TinyLFU cache our L1's read path
 * follows), sized to hold every key.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class PeerReadBenchmark {

    /** The same 10,000 keys as {@link L1ReadBenchmark.Resident}, in a plain map and in Caffeine. */
    @State(Scope.Benchmark)
    public static class Peers {
        String[] storageKeys;
        String[] primaries;
        int[] trace;
        ConcurrentHashMap<String, java.util.List<String>> varySpecs;
        ConcurrentHashMap<String, Object> map;
        Cache<String, Object> caffeine;

        @Setup(Level.Trial)
        public void setUp() {
            L1Objects objects = new L1Objects(10_000, 1.0);
            storageKeys = objects.storageKeys;
            primaries = objects.primaries;
            varySpecs = new ConcurrentHashMap<>();
            trace = objects.trace;
            map = new ConcurrentHashMap<>();
            caffeine = Caffeine.newBuilder().maximumSize(2L * storageKeys.length).build();
            for (int k = 0; k < storageKeys.length; k++) {
                map.put(storageKeys[k], objects.objects[k]);
                caffeine.put(storageKeys[k], objects.objects[k]);
                varySpecs.put(primaries[k], java.util.List.of());
            }
            objects.close();
        }
    }

    @Benchmark
    public Object concurrentHashMapGet(Peers p, L1ReadBenchmark.Cursor c) {
        return p.map.get(p.storageKeys[c.next(p.trace)]);
    }

    @Benchmark
    public Object caffeineGet(Peers p, L1ReadBenchmark.Cursor c) {
        return p.caffeine.getIfPresent(p.storageKeys[c.next(p.trace)]);
    }

    /** What {@code varyNamesThenGet} does, with Caffeine as the cache: the Vary names by primary key, then the object. */
    @Benchmark
    public Object varyNamesThenCaffeineGet(Peers p, L1ReadBenchmark.Cursor c) {
        int k = c.next(p.trace);
        java.util.List<String> vary = p.varySpecs.get(p.primaries[k]);
        return vary == null ? null : p.caffeine.getIfPresent(p.storageKeys[k]);
    }
}

package dev.cdn.jmh.l1;

import dev.cdn.config.Admission;
import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.sim.ZipfKeys;
import dev.cdn.edge.store.CachedObject;
import dev.cdn.edge.store.MemoryStorage;
import java.util.List;
import java.util.Set;

/**
 * A RAM tier and the keys of its objects, as the request path names them (a primary key, and a storage key of the
 * primary key plus an empty variant), with a Zipf(1.0) sequence of key ids to request.
 */
final class L1Objects {

    static final int BODY_BYTES = 1024;
    /** Length of the Zipf sequence (a power of two, so a cursor wraps with a mask). */
    static final int TRACE_LENGTH = 1 << 20;

    final MemoryStorage storage;
    final String[] primaries;
    final String[] storageKeys;
    final CachedObject[] objects;
    final int[] trace;

    /**
     * @param keyCount   distinct keys the trace draws from
     * @param residentShare the share of those keys the tier has room for (1 means every key stays resident)
     */
    L1Objects(int keyCount, double residentShare) {
        primaries = new String[keyCount];
        storageKeys = new String[keyCount];
        objects = new CachedObject[keyCount];
        byte[] body = new byte[BODY_BYTES];
        for (int k = 0; k < keyCount; k++) {
            String url = "http://bench.localhost/object/" + k;
            primaries[k] = "bench " + url;
            storageKeys[k] = primaries[k] + "\u0000";
            objects[k] = new CachedObject(new CacheKey("bench", url, primaries[k]), storageKeys[k], List.of(), 200,
                    List.of(), body, 0, 0, 3600, 0, 0, false, Set.of(), false, Admission.TINYLFU);
        }
        long bytes = (long) Math.ceil(objects[0].weight() * (double) keyCount * residentShare) + 1;
        storage = new MemoryStorage(residentShare >= 1 ? 2 * bytes : bytes);
        for (CachedObject o : objects) {
            storage.put(o);
        }
        trace = ZipfKeys.draw(keyCount, 1.0, TRACE_LENGTH, 42);
    }

    void close() {
        storage.close();
    }
}

package dev.cdn.edge.upstream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Rendezvous (highest random weight) hashing, after Thaler and Ravishankar, "Using Name-Based Mappings to Increase
 * Hit Rates" (IEEE/ACM ToN, 1998): every member gets a score for the key, and the members in descending score order
 * are the key's preference list. The first is the key's home; removing a member moves only the keys it was home to
 * (each to its own second choice), and skipping unhealthy members of the list is the same as hashing over the
 * healthy ones. Pure functions: the same key and members give the same order on every node.
 */
final class Rendezvous {

    private Rendezvous() {
    }

    /** {@code members} ordered by descending score for {@code key}; ties (astronomically rare) by name. */
    static <T> List<T> order(String key, List<T> members, Function<T, String> name) {
        long k = hash(key);
        List<T> out = new ArrayList<>(members);
        out.sort(Comparator.<T>comparingLong(m -> score(k, name.apply(m))).reversed()
                .thenComparing(name));
        return out;
    }

    static long score(long keyHash, String member) {
        return mix(keyHash ^ mix(hash(member)));
    }

    /** 64-bit FNV-1a over the UTF-8 bytes. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finalizer: spreads FNV's weak low bits over the whole word. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb1a185ec53L;
        h ^= h >>> 33;
        return h;
    }
}

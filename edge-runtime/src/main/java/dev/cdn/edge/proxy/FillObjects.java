package dev.cdn.edge.proxy;

import dev.cdn.edge.key.KeyBuilder;
import dev.cdn.edge.policy.Freshness;
import dev.cdn.edge.policy.HttpDates;
import dev.cdn.edge.policy.NoCacheReason;
import dev.cdn.edge.policy.StoreDecision;
import dev.cdn.edge.store.CachedObject;
import dev.cdn.edge.store.PurgeEpochs;
import dev.cdn.edge.store.Storage;
import dev.cdn.edge.upstream.HopByHop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The objects a fill stores: a new one built from a complete storable response, or a stale one refreshed by a 304
 * (RFC 9111 4.3.4), each stored only if no purge named it since the fill began.
 */
final class FillObjects {

    private final Storage storage;
    private final PurgeEpochs epochs;

    FillObjects(Storage storage, PurgeEpochs epochs) {
        this.storage = storage;
        this.epochs = epochs;
    }

    /** Stores {@code obj} unless a purge named it since {@code generation}: the object, or null when one did. */
    CachedObject storeIfCurrent(CachedObject obj, long generation) {
        return epochs.storeIfCurrent(storage, obj, generation) ? obj : null;
    }

    /** The object a complete, storable response becomes. */
    CachedObject build(RequestContext ctx, int status, HttpHeaders uh, StoreDecision d, byte[] body,
                       long responseTime) {
        List<String> vary = new ArrayList<>();
        for (String name : Freshness.varyNames(uh)) {
            if (ctx.rule.varyNames().contains(name)) {
                vary.add(name);
            }
        }
        List<String> languages = ctx.service.config().settings().languages();
        String storageKey = ctx.key.storageKey(KeyBuilder.variant(ctx.request.requestHeaders(), vary, languages));
        return new CachedObject(ctx.key, storageKey, List.copyOf(vary), status, storedHeaders(uh, d.stripSetCookie()),
                body, responseTime, d.initialAgeSeconds(), d.ttlSeconds(), d.swrSeconds(), d.sieSeconds(),
                d.authShareable(), EdgeHeaders.tags(uh, ctx.rule.rule().surrogateKeys()), false,
                ctx.rule.rule().admission());
    }

    /**
     * What a 304 made of a stale object: the object to answer with, and why it may no longer be stored or shared
     * (null when it may). An object that may not be stored carries headers meant for the request that revalidated
     * it alone (a Set-Cookie, {@code private}), so no other request may be given it.
     */
    record Revalidation(CachedObject object, NoCacheReason notStorable) {
    }

    /** RFC 9111 4.3.4: a 304 updates the stored headers and restarts the object's age. */
    Revalidation refresh(RequestContext ctx, CachedObject stale, HttpHeaders h304, long requestTime,
                         long responseTime, long generation) {
        HttpHeaders merged = new DefaultHttpHeaders();
        stale.headers().forEach(e -> merged.add(e.getKey(), e.getValue()));
        Set<String> drop = HopByHop.namesToDrop(h304);
        Set<String> replaced = new HashSet<>();
        for (Map.Entry<String, String> e : h304) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            if (HopByHop.isDropped(n, drop) || EdgeHeaders.NOT_STORED.contains(n) || n.equals("cache-status")) {
                continue;
            }
            if (replaced.add(n)) {
                merged.remove(e.getKey());
            }
            merged.add(e.getKey(), e.getValue());
        }
        if (!h304.contains("Date")) {
            // RFC 9110 6.6.1: dated when received; the first answer's Date would age the refreshed object at once.
            merged.set("Date", HttpDates.format(responseTime));
        }
        // The 304's own Age counts in the refreshed object's age (it is not stored: the age is kept apart).
        merged.set("Age", h304.getAll("Age"));
        StoreDecision d = Freshness.decide(ctx.authorization, stale.status(), merged, ctx.rule.rule(),
                ctx.service.config().settings(), requestTime, responseTime);
        if (!d.storable()) {
            // Out of both tiers; a promotion reading it from disk meanwhile does not bring it back (TieredStorage).
            storage.remove(stale.storageKey());
            return new Revalidation(new CachedObject(stale.key(), stale.storageKey(), stale.varyNames(), stale.status(),
                    storedHeaders(merged, false), stale.payload(), responseTime, 0, 0, 0, 0, false, stale.tags(), false,
                    stale.admission()), d.reason());
        }
        CachedObject refreshed = new CachedObject(stale.key(), stale.storageKey(), stale.varyNames(), stale.status(),
                storedHeaders(merged, d.stripSetCookie()), stale.payload(), responseTime, d.initialAgeSeconds(),
                d.ttlSeconds(), d.swrSeconds(), d.sieSeconds(), d.authShareable(), stale.tags(), false, stale.admission());
        epochs.storeIfCurrent(storage, refreshed, generation);
        return new Revalidation(refreshed, null);
    }


    static List<Map.Entry<String, String>> storedHeaders(HttpHeaders h, boolean stripSetCookie) {
        Set<String> drop = HopByHop.namesToDrop(h);
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Map.Entry<String, String> e : h) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            if (HopByHop.isDropped(n, drop) || EdgeHeaders.NOT_STORED.contains(n) || n.equals("cache-status")
                    || (stripSetCookie && n.equals("set-cookie"))) {
                continue;
            }
            out.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
        }
        return List.copyOf(out);
    }
}

package dev.cdn.edge.tls;

import dev.cdn.config.EdgeCertificates;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.tcp.SslProvider;

/**
 * The tenants' certificates the control plane sent ({@code GET /v1/edge/certificates}), indexed by the names each
 * is served for. {@link #install} builds the new index off the handshake path and swaps it whole; a handshake reads
 * it once. A certificate whose key does not match its leaf, or that does not parse, is left out with a logged reason
 * while the previous version of it (same id) keeps serving, so one bad entry never takes a working name down.
 */
public final class PushedCertificates {

    private static final Logger log = LoggerFactory.getLogger(PushedCertificates.class);

    /** One loaded certificate. */
    record Loaded(String id, String chain, String key, X509Certificate leaf, SslProvider provider) {
    }

    private record Index(Map<String, Loaded> exact, Map<String, Loaded> wildcard, Map<String, Loaded> byId) {
    }

    private final TlsProvider.TlsEngine engine;
    private volatile Index index = new Index(Map.of(), Map.of(), Map.of());

    public PushedCertificates(TlsProvider.TlsEngine engine) {
        this.engine = engine;
    }

    /** Replaces the served set with {@code set}; returns how many certificates serve now. */
    public synchronized int install(EdgeCertificates set) {
        Map<String, Loaded> previous = index.byId();
        List<Loaded> loaded = new ArrayList<>();
        Map<String, List<String>> namesById = new HashMap<>();
        for (EdgeCertificates.Certificate c : set.certificates()) {
            Loaded old = previous.get(c.id());
            try {
                loaded.add(old != null && old.chain().equals(c.chain()) && old.key().equals(c.key()) ? old : load(c, engine));
            } catch (Exception e) {
                log.warn("TLS certificate {} for {} not loaded: {}", c.id(), c.names(), e.toString());
                if (old == null) {
                    continue;
                }
                loaded.add(old);
            }
            namesById.put(c.id(), c.names());
        }
        // Several certificates for a name (a renewal beside the one it replaces): the one valid longest serves.
        loaded.sort(Comparator.comparing((Loaded l) -> l.leaf().getNotAfter()).reversed());
        Map<String, Loaded> exact = new HashMap<>();
        Map<String, Loaded> wildcard = new HashMap<>();
        Map<String, Loaded> byId = new HashMap<>();
        for (Loaded l : loaded) {
            byId.put(l.id(), l);
            for (String name : namesById.get(l.id())) {
                String n = name.toLowerCase(Locale.ROOT);
                if (n.startsWith("*.")) {
                    wildcard.putIfAbsent(n.substring(2), l);
                } else {
                    exact.putIfAbsent(n, l);
                }
            }
        }
        index = new Index(Map.copyOf(exact), Map.copyOf(wildcard), Map.copyOf(byId));
        return byId.size();
    }

    /** The provider serving {@code serverName}, or null when no pushed certificate covers it. */
    public SslProvider match(String serverName) {
        Index i = index;
        Loaded l = SniLookup.find(i.exact(), i.wildcard(), serverName);
        return l == null ? null : l.provider();
    }

    /** The ids of the certificates serving now. */
    public List<String> ids() {
        return List.copyOf(index.byId().keySet());
    }

    private static Loaded load(EdgeCertificates.Certificate c, TlsProvider.TlsEngine engine) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        for (var cert : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(c.chain().getBytes(StandardCharsets.US_ASCII)))) {
            chain.add((X509Certificate) cert);
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the chain");
        }
        PrivateKey key = KeyMatch.readMatching(chain.get(0), c.key());
        SslContext context = ListenerContexts.server(key, chain, engine);
        log.info("TLS certificate {} loaded for {} (valid until {})", c.id(), c.names(),
                chain.get(0).getNotAfter().toInstant());
        return new Loaded(c.id(), c.chain(), c.key(), chain.get(0), ListenerContexts.provider(context));
    }
}

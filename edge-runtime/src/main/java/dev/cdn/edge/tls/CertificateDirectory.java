package dev.cdn.edge.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.tcp.SslProvider;

/**
 * The certificates the TLS listener presents, read from a directory of PEM pairs: {@code NAME.crt} (the leaf
 * certificate first, then its chain) beside {@code NAME.key} (an unencrypted PKCS#8 private key). Each pair serves
 * the DNS names of its leaf's subjectAltName (exact or {@code *.} wildcard); a client whose SNI names none of them,
 * or sends no SNI, gets the pair named {@code default}, else the first by name.
 *
 * <p>The directory is read again by {@link #reload()}: certificates are rotated by replacing files, without a
 * restart. A pair that cannot be loaded is skipped with a logged reason while the others (and, for that name, the
 * previously loaded pair) keep serving, so a botched rotation never takes a working name down.
 */
public final class CertificateDirectory implements AsyncMapping<String, SslProvider>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CertificateDirectory.class);

    /** One loaded pair. */
    public record Loaded(String name, List<String> dnsNames, Instant notAfter, long stamp, SslContext context,
                         SslProvider provider) {
    }

    /** What the handshake code reads: replaced whole on reload, never mutated. */
    private record Index(Map<String, Loaded> exact, Map<String, Loaded> wildcard, Loaded fallback,
                         Map<String, Loaded> byName) {
    }

    private final Path dir;
    private final TlsProvider.TlsEngine engine;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "edge-tls-reloader");
        t.setDaemon(true);
        return t;
    });
    private volatile Index index = new Index(Map.of(), Map.of(), null, Map.of());

    public CertificateDirectory(Path dir, TlsProvider.TlsEngine engine) {
        this.dir = dir;
        this.engine = engine;
    }

    /** Loads the directory now (failing when nothing can be served), then looks for rotated files at the interval. */
    public CertificateDirectory start(Duration interval) {
        reload();
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                reload();
            } catch (RuntimeException e) {
                log.warn("TLS certificates not reloaded, the loaded ones keep serving: {}", e.getMessage());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /**
     * Reads the directory, loading pairs that are new or changed. Throws when nothing at all can be served, so a
     * node never starts a TLS listener without a certificate.
     */
    public synchronized void reload() {
        Map<String, Loaded> previous = index.byName();
        Map<String, Loaded> loaded = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.crt")) {
            for (Path crt : files) {
                String file = crt.getFileName().toString();
                String name = file.substring(0, file.length() - ".crt".length());
                Path key = dir.resolve(name + ".key");
                try {
                    // A stamp of both files: a rotation rewrites at least one of them.
                    long modified = Files.getLastModifiedTime(crt).toMillis() * 31 + Files.size(crt)
                            + Files.getLastModifiedTime(key).toMillis() * 17 + Files.size(key);
                    Loaded old = previous.get(name);
                    loaded.put(name, old != null && old.stamp() == modified ? old : load(name, crt, key, modified, engine));
                } catch (Exception e) {
                    log.warn("TLS certificate {} not loaded: {}", name, e.toString());
                    if (previous.containsKey(name)) {
                        loaded.put(name, previous.get(name)); // keep serving the last good pair
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the TLS certificate directory " + dir + ": " + e, e);
        }
        if (loaded.isEmpty()) {
            throw new IllegalStateException("no usable certificate pair (NAME.crt + NAME.key) in " + dir);
        }
        index = indexOf(loaded);
    }

    /**
     * Reads the pair once and builds the served context from exactly what was read and checked, so a file replaced
     * in between can never pair a checked key with an unchecked certificate.
     */
    private static Loaded load(String name, Path crt, Path key, long modified, TlsProvider.TlsEngine engine)
            throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(crt)) {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + crt.getFileName());
        }
        X509Certificate leaf = chain.get(0);
        PrivateKey privateKey = KeyMatch.readMatching(leaf, key);
        List<String> names = new ArrayList<>();
        if (leaf.getSubjectAlternativeNames() != null) {
            for (List<?> san : leaf.getSubjectAlternativeNames()) {
                if (Integer.valueOf(2).equals(san.get(0))) { // dNSName
                    names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                }
            }
        }
        SslContext context = ListenerContexts.server(privateKey, chain, engine);
        SslProvider provider = ListenerContexts.provider(context);
        Instant notAfter = leaf.getNotAfter().toInstant();
        log.info("TLS certificate {} loaded for {} (valid until {})", name, names, notAfter);
        return new Loaded(name, List.copyOf(names), notAfter, modified, context, provider);
    }

    private static Index indexOf(Map<String, Loaded> byName) {
        Map<String, Loaded> exact = new HashMap<>();
        Map<String, Loaded> wildcard = new HashMap<>();
        for (Loaded l : byName.values()) {
            for (String n : l.dnsNames()) {
                if (n.startsWith("*.")) {
                    wildcard.putIfAbsent(n.substring(2), l);
                } else {
                    exact.putIfAbsent(n, l);
                }
            }
        }
        Loaded fallback = byName.containsKey("default") ? byName.get("default") : byName.values().iterator().next();
        return new Index(Map.copyOf(exact), Map.copyOf(wildcard), fallback, Map.copyOf(byName));
    }

    /** The pair for a TLS client's SNI name (null when it sent none). */
    public Loaded select(String serverName) {
        Loaded l = match(serverName);
        return l != null ? l : index.fallback();
    }

    /** The pair whose names cover {@code serverName}, or null (no fallback). */
    public Loaded match(String serverName) {
        Index i = index;
        return SniLookup.find(i.exact(), i.wildcard(), serverName);
    }

    /** The default pair's context, which the listener is built with (handshakes then go through {@link #map}). */
    public SslContext fallbackContext() {
        return index.fallback().context();
    }

    public List<Loaded> loaded() {
        return List.copyOf(index.byName().values());
    }

    /** Called during each handshake with the client's SNI name: a map lookup, never blocking. */
    @Override
    public Future<SslProvider> map(String serverName, Promise<SslProvider> promise) {
        return promise.setSuccess(select(serverName).provider());
    }
}

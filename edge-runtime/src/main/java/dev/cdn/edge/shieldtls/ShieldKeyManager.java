package dev.cdn.edge.shieldtls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * What a shield's TLS listener presents to edges: its fleet certificate as last issued. A handshake picks the alias
 * of the pair current when it starts and reads key and chain by that alias, so a renewal installed mid-handshake
 * never pairs one certificate with another's key (the previous pair stays readable by its alias). Before the first
 * certificate arrives no alias is offered and handshakes fail: edges move on to their next step.
 */
final class ShieldKeyManager extends X509ExtendedKeyManager {

    /** One issued pair, named by its generation. */
    record Pair(String alias, PrivateKey key, X509Certificate[] chain) {
    }

    private volatile Map<String, Pair> pairs = Map.of();
    private volatile Pair current;

    /** Serves {@code next} from the next handshake on; the pair it replaces stays readable for handshakes under way. */
    synchronized void install(PrivateKey key, List<X509Certificate> chain) {
        Pair previous = current;
        Pair next = new Pair("fleet-" + System.nanoTime(), key, chain.toArray(X509Certificate[]::new));
        pairs = previous == null ? Map.of(next.alias(), next) : Map.of(next.alias(), next, previous.alias(), previous);
        current = next;
    }

    /** The leaf served now, or null before the first certificate. */
    X509Certificate leaf() {
        Pair p = current;
        return p == null ? null : p.chain()[0];
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    private String alias(String keyType) {
        Pair p = current;
        // Fleet keys are ECDSA P-256: offered for the EC key types the handshake asks about only.
        return p != null && keyType != null && keyType.startsWith("EC") ? p.alias() : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Pair p = pairs.get(alias);
        return p == null ? null : p.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Pair p = pairs.get(alias);
        return p == null ? null : p.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = alias(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }
}

package dev.cdn.edge.shieldtls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the fleet CA certificates last installed, and nothing of the JDK's trust store: a shield's
 * certificate verifies only when the fleet CA issued it. The PKIX checks, the hostname check against the name or IP
 * address the edge dialled (RFC 6125; the engine's endpoint identification algorithm is HTTPS) and the validity
 * dates are the JDK's own, done by a delegate built for the installed set; installing a new set swaps the delegate
 * whole, so a handshake sees one set from start to end. A refused chain asks for the CA set again (the CA may have
 * rotated since the last fetch).
 */
final class FleetCaTrustManager extends X509ExtendedTrustManager {

    private record Anchors(List<X509Certificate> certificates, X509ExtendedTrustManager delegate) {
    }

    private final Runnable onRefused;
    private volatile Anchors anchors = new Anchors(List.of(), null);

    FleetCaTrustManager(Runnable onRefused) {
        this.onRefused = onRefused;
    }

    /** Replaces the trusted CA certificates; an empty set trusts nothing. */
    void install(List<X509Certificate> certificates) throws GeneralSecurityException {
        if (certificates.isEmpty()) {
            anchors = new Anchors(List.of(), null);
            return;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null); // an empty in-memory store: nothing is read
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("fleet-ca-" + i, certificates.get(i));
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                anchors = new Anchors(List.copyOf(certificates), x);
                return;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager for the fleet CA");
    }

    List<X509Certificate> certificates() {
        return anchors.certificates();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            current().checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            onRefused.run();
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            current().checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            onRefused.run();
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        // Never called by an SSLEngine handshake; without the engine there is no name to check against.
        throw new CertificateException("shield certificates are checked with their host name only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("edges do not authenticate TLS clients with the fleet CA");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("edges do not authenticate TLS clients with the fleet CA");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("edges do not authenticate TLS clients with the fleet CA");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.certificates().toArray(X509Certificate[]::new);
    }

    private X509ExtendedTrustManager current() throws CertificateException {
        X509ExtendedTrustManager d = anchors.delegate();
        if (d == null) {
            throw new CertificateException("the fleet CA is not known yet (not fetched from the control plane)");
        }
        return d;
    }
}

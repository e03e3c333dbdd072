package dev.cdn.edge.tls;

import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import reactor.netty.tcp.SslProvider;

/**
 * Chooses the certificate of each TLS handshake by the client's SNI name: a tenant's certificate from the control
 * plane when one covers the name (only ever for that tenant's verified domains), else the operator's directory pair
 * (by name, else its default). Two map lookups, never blocking.
 */
public final class SniCertificates implements AsyncMapping<String, SslProvider> {

    private final PushedCertificates pushed;
    private final CertificateDirectory directory;

    public SniCertificates(PushedCertificates pushed, CertificateDirectory directory) {
        this.pushed = pushed;
        this.directory = directory;
    }

    @Override
    public Future<SslProvider> map(String serverName, Promise<SslProvider> promise) {
        SslProvider tenant = pushed.match(serverName);
        return promise.setSuccess(tenant != null ? tenant : directory.select(serverName).provider());
    }
}

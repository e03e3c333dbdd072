package dev.cdn.edge.tls;

import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.SslContext;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.tcp.SslProvider;

/**
 * Builds the server context of one certificate served on the client-facing TLS listener, the same way for the
 * operator's directory pairs and the tenants' pushed certificates: ALPN offers h2 then http/1.1 (clients without ALPN
 * get HTTP/1.1), with the implementation {@link TlsProvider} chose.
 *
 * <p>Resumption (RFC 8446 2.2; RFC 5077 for TLS 1.2) is on with either implementation, so a returning client skips
 * the certificate signature and key exchange: session tickets sealed with keys the TLS library generates and rotates
 * in memory (never written anywhere, so a restart only costs each client one full handshake), and a server-side
 * session cache as the TLS 1.2 fallback. The JDK's engine issues tickets by default; Netty turns OpenSSL's off unless
 * ticket keys are set, and setting none hands their generation to BoringSSL.
 */
public final class ListenerContexts {

    private ListenerContexts() {
    }

    /** The handshake-ready context of {@code chain} (leaf first) and its key. */
    public static SslContext server(PrivateKey key, List<X509Certificate> chain, TlsProvider.TlsEngine engine)
            throws SSLException {
        SslContext context = Http2SslContextSpec.forServer(key, chain)
                .configure(b -> b.sslProvider(engine.provider())).sslContext();
        if (context.sessionContext() instanceof OpenSslServerSessionContext openSsl) {
            openSsl.setTicketKeys();
        }
        return context;
    }

    /** {@link #server} wrapped for the SNI mapping. */
    public static SslProvider provider(SslContext context) {
        return SslProvider.builder().sslContext(context).build();
    }
}

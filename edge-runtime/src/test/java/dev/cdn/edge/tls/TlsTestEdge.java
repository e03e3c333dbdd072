package dev.cdn.edge.tls;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.TestCertificates;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import reactor.netty.http.Http2SslContextSpec;

/** The TLS tests' edge: one service for {@code host} on an origin, served on a TLS listener with one certificate. */
final class TlsTestEdge {

    private TlsTestEdge() {
    }

    static EdgeNode start(Path dir, String host, int originPort, TlsProvider provider) throws Exception {
        Path certs = dir.resolve("certs");
        TestCertificates.write(certs, "default", host);
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, host, originPort)))));
        return EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).tlsListen("127.0.0.1", 0)
                .tlsProvider(provider).allowedPrivateOrigins("127.0.0.1")
                .tlsCertDir(certs).adminListen("127.0.0.1", 0).adminToken("t").configFile(file).build());
    }

    /** A client context offering h2 by ALPN that trusts the test's self-signed certificate. */
    static SslContext h2TrustingAll() throws SSLException {
        return Http2SslContextSpec.forClient().configure(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE))
                .sslContext();
    }
}

package dev.cdn.edge;

import dev.cdn.edge.EdgeNode.EdgeStartException;
import dev.cdn.edge.admin.AdminServer;
import dev.cdn.edge.listen.ClientTimeouts;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.shieldtls.FleetSni;
import dev.cdn.edge.shieldtls.ShieldCertificate;
import dev.cdn.edge.tls.CertificateDirectory;
import dev.cdn.edge.tls.PushedCertificates;
import dev.cdn.edge.tls.SniCertificates;
import dev.cdn.edge.tls.TlsMeters;
import dev.cdn.edge.tls.TlsProvider.TlsEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.tcp.SslProvider;

/**
 * The listeners of one node: the client-facing ones (plain, TLS offload, TLS) with the group of their open
 * connections, and the admin listener. Each is bound when the node starts it; a bind that fails stops the node from
 * starting with a message naming the listener and its address.
 */
final class NodeListeners {

    /** The node's logger: every start-up line of a node comes under one name. */
    private static final Logger log = LoggerFactory.getLogger(EdgeNode.class);

    /** How often the TLS certificate directory is read again for rotated certificates. */
    static final Duration TLS_RELOAD_INTERVAL = Duration.ofSeconds(10);
    /** How long a listener may take to let its requests in flight finish when the node closes. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final EdgeSettings settings;
    /**
     * Every client connection of the client-facing listeners, so closing them ends those too: without it a closed node
     * kept serving its open keep-alive connections, and a client that reused one reached a node that was gone.
     */
    private final ChannelGroup clientConnections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private DisposableServer plain;
    private DisposableServer tls;
    private DisposableServer tlsOffload;
    /** The TLS listener's own certificates (with {@code --tls-cert-dir}); its handshakes read them. */
    private CertificateDirectory certificates;
    private DisposableServer admin;

    NodeListeners(EdgeSettings settings) {
        this.settings = settings;
    }

    /** The plain listener, where clients (and ACME HTTP-01 validation) arrive over http. */
    void bindPlain(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> front) {
        plain = bind("listen", settings.listenHost(), settings.listenPort(),
                () -> clientServer(settings.listenHost(), settings.listenPort()).handle(front).bindNow());
    }

    /** The plain listener for traffic whose TLS a load balancer in front terminated: treated as https. */
    void bindTlsOffload(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> front) {
        tlsOffload = bind("tls-offload-listen", settings.tlsOffloadHost(), settings.tlsOffloadPort(),
                () -> clientServer(settings.tlsOffloadHost(), settings.tlsOffloadPort()).handle(front).bindNow());
    }

    /**
     * A shield's TLS listener for edges: its fleet certificate for every handshake, renewals served from the next
     * handshake on.
     */
    void bindShieldTls(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> front,
            ShieldCertificate shieldCertificate) {
        tls = bind("tls-listen", settings.tlsListenHost(), settings.tlsListenPort(),
                () -> clientServer(settings.tlsListenHost(), settings.tlsListenPort())
                        .handle(front)
                        .secure(spec -> spec.sslContext(shieldCertificate.serverContext()))
                        .bindNow());
    }

    /**
     * The client-facing TLS listener (with {@code --tls-cert-dir}): the certificate is chosen per handshake by SNI,
     * a tenant's from the control plane, else the directory's as last reloaded; a shield with a fleet certificate
     * ({@code shieldCertificate}, else null) presents it for the names edges reach it by.
     */
    void bindTls(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> front, TlsEngine engine,
            PushedCertificates tenantCertificates, ShieldCertificate shieldCertificate, MeterRegistry registry) {
        try {
            certificates = new CertificateDirectory(settings.tlsCertDir().orElseThrow(), engine)
                    .start(TLS_RELOAD_INTERVAL);
        } catch (RuntimeException e) {
            throw new EdgeStartException("cannot start the TLS listener: " + e.getMessage(), e);
        }
        CertificateDirectory certs = certificates;
        SniCertificates sni = new SniCertificates(tenantCertificates, certs);
        tls = bind("tls-listen", settings.tlsListenHost(), settings.tlsListenPort(),
                () -> clientServer(settings.tlsListenHost(), settings.tlsListenPort())
                        .handle(front)
                        .protocol(HttpProtocol.HTTP11, HttpProtocol.H2)
                        // HTTP/2 gets the HTTP/1.1 listener's header bound, a stream cap per connection, and a bound
                        // on the reset floods of "rapid reset" (CVE-2023-44487).
                        .http2Settings(h2 -> h2.maxConcurrentStreams(128).maxHeaderListSize(16384)
                                .maxDecodedRstFramesPerWindow(200, 30))
                        .secure(spec -> spec.sslContext(certs.fallbackContext()).setSniAsyncMappings(
                                shieldCertificate == null ? sni : new FleetSni(shieldCertificate.names(),
                                        fleetProvider(shieldCertificate.serverContext()), sni)))
                        .bindNow());
        log.info("TLS listener on {}:{} encrypts with {} ({})", settings.tlsListenHost(), tls.port(),
                engine.label(), engine.why());
        TlsMeters.register(registry, engine);
    }

    private static SslProvider fleetProvider(SslContext context) {
        return SslProvider.builder().sslContext(context).build();
    }

    /** The admin listener: purges, warming, readiness and metrics, behind the admin token. */
    void bindAdmin(AdminServer adminServer) {
        admin = bind("admin", settings.adminHost(), settings.adminPort(),
                () -> adminServer.bind(settings.adminHost(), settings.adminPort()));
    }

    /** A client-facing server, plain or TLS: the same limits and timeouts for all. */
    private HttpServer clientServer(String host, int port) {
        return HttpServer.create().host(host).port(port)
                // Graceful close: requests in flight finish, then every connection ends.
                .channelGroup(clientConnections)
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(8192).maxHeaderSize(16384))
                // Bounds slow clients: silence between requests, and silence while a request is being received;
                // one handler per connection (listen.ClientTimeouts), nothing per request.
                .doOnChannelInit((observer, channel, remote) ->
                        ClientTimeouts.install(channel, settings.clientTimeout()))
                .doOnConnection(ClientTimeouts::requestConfigured);
    }

    private static DisposableServer bind(String what, String host, int port, Supplier<DisposableServer> binder) {
        try {
            return binder.get();
        } catch (RuntimeException e) {
            throw new EdgeStartException("cannot " + what + " on " + host + ":" + port + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    int port() {
        return plain.port();
    }

    /** The TLS listener's port; the node has one with {@link EdgeSettings#tls()} or a shield's fleet certificate. */
    int tlsPort() {
        if (tls == null) {
            throw new IllegalStateException("this node has no TLS listener");
        }
        return tls.port();
    }

    /** The TLS listener's port, or -1 while the node has none. */
    int tlsPortOrNone() {
        return tls == null ? -1 : tls.port();
    }

    int tlsOffloadPort() {
        if (tlsOffload == null) {
            throw new IllegalStateException("this node has no TLS-offload listener");
        }
        return tlsOffload.port();
    }

    int adminPort() {
        return admin.port();
    }

    /** The ports the listeners are bound to, so far; origins may never point at them. */
    Set<Integer> ports() {
        Set<Integer> ports = new HashSet<>();
        for (DisposableServer s : new DisposableServer[] {plain, tls, tlsOffload, admin}) {
            if (s != null) {
                ports.add(s.port());
            }
        }
        return ports;
    }

    /** Client connections open now, over all client-facing listeners (an edge's load). */
    int openConnections() {
        return clientConnections.size();
    }

    /** Reads the certificate directory now instead of at the next interval. */
    void reloadCertificates() {
        if (certificates != null) {
            certificates.reload();
        }
    }

    /** Blocks the calling (non-event-loop) thread until the plain listener is closed. */
    void awaitClose() {
        plain.onDispose().block();
    }

    /** Closes the client-facing listeners, letting requests in flight finish, then every connection still open. */
    void closeClientListeners() {
        for (DisposableServer s : new DisposableServer[] {plain, tls, tlsOffload}) {
            if (s != null) {
                s.disposeNow(CLOSE_TIMEOUT);
            }
        }
        clientConnections.close().awaitUninterruptibly(CLOSE_TIMEOUT.toMillis());
    }

    /** Stops re-reading the TLS listener's certificate directory. */
    void closeCertificates() {
        if (certificates != null) {
            certificates.close();
        }
    }

    void closeAdmin() {
        if (admin != null) {
            admin.disposeNow(CLOSE_TIMEOUT);
        }
    }

}

package dev.cdn.e2e;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * A loopback TCP forwarder that a test opens and closes: open, it passes bytes both ways to its target; closed, it
 * ends every connection it carries and each new one at once, as an unreachable service would look to a client
 * that keeps retrying.
 */
final class TcpGate implements AutoCloseable {

    private final DisposableServer server;
    private final Set<Connection> carried = ConcurrentHashMap.newKeySet();
    private volatile boolean open;

    TcpGate(int targetPort) {
        server = TcpServer.create().host("127.0.0.1").port(0)
                .doOnConnection(carried::add)
                .handle((in, out) -> {
                    if (!open) {
                        return Mono.empty(); // the connection ends with its handler
                    }
                    return TcpClient.create().host("127.0.0.1").port(targetPort).connect().flatMap(upstream -> {
                        carried.add(upstream);
                        Mono<Void> toTarget = upstream.outbound().send(in.receive().retain()).then();
                        Mono<Void> back = out.send(upstream.inbound().receive().retain()).then();
                        // Either side ending ends both (HTTP clients and servers close, they do not half-close).
                        return Mono.firstWithSignal(toTarget, back).doFinally(s -> upstream.dispose());
                    });
                })
                .bindNow();
    }

    int port() {
        return server.port();
    }

    void open() {
        open = true;
    }

    /** Ends what it carries (kept-alive connections included) and refuses what comes next. */
    void shut() {
        open = false;
        carried.forEach(Connection::dispose);
        carried.clear();
    }

    @Override
    public void close() {
        shut();
        server.disposeNow();
    }
}

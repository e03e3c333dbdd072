package dev.cdn.geodns.wire;

import dev.cdn.geodns.metrics.DnsMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The DNS listener: UDP and TCP on one address and port (RFC 7766: TCP is what a client falls back to after a
 * truncated UDP answer). Over TCP each message is length-prefixed (RFC 1035 section 4.2.2); a prefix above the
 * query bound, or a connection idle longer than the idle bound (RFC 7766 section 6.2.3), closes the connection.
 * Nothing touches the network until {@link #start}.
 */
public final class DnsServer implements AutoCloseable {

    /** Tries at binding UDP to the port TCP got, when an ephemeral port was asked for and UDP's is taken. */
    private static final int EPHEMERAL_TRIES = 20;

    private final Responder responder;
    private final DnsMetrics metrics;
    private final int maxQueryBytes;
    private final Duration tcpIdle;
    private EventLoopGroup group;
    private Channel udp;
    private Channel tcp;

    public DnsServer(Responder responder, DnsMetrics metrics, int maxQueryBytes, Duration tcpIdle) {
        this.responder = responder;
        this.metrics = metrics;
        this.maxQueryBytes = maxQueryBytes;
        this.tcpIdle = tcpIdle;
    }

    /** Binds both transports; with port 0 both get the same ephemeral port. */
    public DnsServer start(String host, int port) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        for (int attempt = 0; ; attempt++) {
            tcp = tcpBootstrap().bind(host, port).sync().channel();
            int bound = ((InetSocketAddress) tcp.localAddress()).getPort();
            try {
                udp = udpBootstrap().bind(host, bound).sync().channel();
                return this;
            } catch (Exception e) {
                tcp.close().sync();
                if (port != 0 || attempt >= EPHEMERAL_TRIES) {
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                    throw new IllegalStateException("cannot bind UDP " + host + ":" + bound + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private Bootstrap udpBootstrap() {
        QueryReader reader = new QueryReader(maxQueryBytes);
        return new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsResponseEncoder(),
                                new QueryHandler(Transport.UDP, reader, responder, metrics));
                    }
                });
    }

    private ServerBootstrap tcpBootstrap() {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(tcpIdle.toMillis(), TimeUnit.MILLISECONDS),
                                new LengthFieldBasedFrameDecoder(maxQueryBytes, 0, 2, 0, 2),
                                new TcpDnsResponseEncoder(),
                                new QueryHandler(Transport.TCP, new QueryReader(maxQueryBytes), responder, metrics));
                    }
                });
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) udp.localAddress();
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close().syncUninterruptibly();
        }
        if (tcp != null) {
            tcp.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}

package dev.cdn.edge.local;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyOutbound;

/** What one send of a response without a connection returns: completes when {@code done} does. No further sends. */
public final class MonoOutbound implements NettyOutbound {

    private final Mono<Void> done;
    private final ByteBufAllocator alloc;

    public MonoOutbound(Mono<Void> done, ByteBufAllocator alloc) {
        this.done = done;
        this.alloc = alloc;
    }

    @Override
    public Mono<Void> then() {
        return done;
    }

    @Override
    public ByteBufAllocator alloc() {
        return alloc;
    }

    @Override
    public NettyOutbound send(Publisher<? extends ByteBuf> data, Predicate<ByteBuf> flushPredicate) {
        throw new UnsupportedOperationException("one send per response");
    }

    @Override
    public NettyOutbound sendObject(Publisher<?> data, Predicate<Object> flushPredicate) {
        throw new UnsupportedOperationException("one send per response");
    }

    @Override
    public NettyOutbound sendObject(Object message) {
        throw new UnsupportedOperationException("one send per response");
    }

    @Override
    public <S> NettyOutbound sendUsing(Callable<? extends S> sourceInput,
                                       BiFunction<? super Connection, ? super S, ?> mappedInput,
                                       Consumer<? super S> sourceCleanup) {
        throw new UnsupportedOperationException("no connection");
    }

    @Override
    public NettyOutbound withConnection(Consumer<? super Connection> withConnection) {
        throw new UnsupportedOperationException("no connection");
    }
}

package dev.cdn.edge.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 client timeout's rule, message by message, on a channel whose clock the test moves (no waiting): which
 * silence closes the connection, and which is the edge's own.
 */
class Http1ClientTimeoutTest {

    private static final long TIMEOUT_MS = 1_000;

    private final Http1ClientTimeout timeout = new Http1ClientTimeout(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS));
    private final EmbeddedChannel channel = frozen();

    /** A channel whose clock moves only when the test moves it; the timeout installed on it at that clock's zero. */
    private EmbeddedChannel frozen() {
        EmbeddedChannel c = new EmbeddedChannel();
        c.freezeTime();
        c.pipeline().addLast(timeout);
        return c;
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Test
    void idleConnection_isClosedOnceSilentForTheTimeout_notBefore() {
        pass(TIMEOUT_MS - 1);
        assertThat(channel.isOpen()).isTrue();
        pass(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void idleTime_countsFromTheEndOfTheLastResponse() {
        pass(TIMEOUT_MS / 2);
        getRequest();
        pass(TIMEOUT_MS * 5);
        respond();
        pass(TIMEOUT_MS - 1);
        assertThat(channel.isOpen()).as("a full timeout after the response").isTrue();
        pass(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void requestReadInFull_isNeverClosedWhileItsResponseIsOwed() {
        getRequest();
        assertThat(timeout.phase()).isEqualTo(ConnectionPhase.RESPONSE_OWED);
        for (int i = 0; i < 20; i++) {
            pass(TIMEOUT_MS);
        }
        assertThat(channel.isOpen()).as("a slow origin is the edge's silence, not the client's").isTrue();
        respond();
        assertThat(timeout.phase()).isEqualTo(ConnectionPhase.IDLE);
        pass(TIMEOUT_MS);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void requestHeadWithoutItsBody_isClosedWithAReadTimeout() {
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload"));
        channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])));
        assertThat(timeout.phase()).isEqualTo(ConnectionPhase.RECEIVING);
        pass(TIMEOUT_MS - 1);
        channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])));
        pass(TIMEOUT_MS - 1);
        assertThat(channel.isOpen()).as("each part of the body restarts the clock").isTrue();
        assertThatThrownBy(() -> pass(1)).isSameAs(ReadTimeoutException.INSTANCE);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void pipelinedRequests_areOwedUntilTheLastResponseFinishes() {
        getRequest();
        getRequest();
        getRequest();
        respond();
        respond();
        pass(TIMEOUT_MS * 5);
        assertThat(channel.isOpen()).as("the third response is still owed").isTrue();
        assertThat(timeout.phase()).isEqualTo(ConnectionPhase.RESPONSE_OWED);
        respond();
        pass(TIMEOUT_MS);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void earlyResponse_beforeTheBodyWasRead_leavesTheConnectionUnderTheTimeout() {
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/too-big"));
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE));
        // The body arrives after its answer: it owes nothing.
        channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])));
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(timeout.phase()).isEqualTo(ConnectionPhase.IDLE);
        pass(TIMEOUT_MS);
        assertThat(channel.isOpen()).as("not exempt forever").isFalse();
    }

    @Test
    void earlyResponse_whoseBodyNeverComes_isClosed() {
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/too-big"));
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE));
        assertThat(timeout.phase()).isEqualTo(ConnectionPhase.RECEIVING);
        assertThatThrownBy(() -> pass(TIMEOUT_MS)).isSameAs(ReadTimeoutException.INSTANCE);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void continueResponse_doesNotAnswerTheRequest() {
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload"));
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])));
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(timeout.phase()).as("the final response is still owed").isEqualTo(ConnectionPhase.RESPONSE_OWED);
        pass(TIMEOUT_MS * 3);
        assertThat(channel.isOpen()).isTrue();
        respond();
        pass(TIMEOUT_MS);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void connectionThatKeepsSendingRequests_faster_thanTheTimeout_isNeverClosed() {
        for (int i = 0; i < 50; i++) {
            pass(TIMEOUT_MS - 1);
            getRequest();
            pass(TIMEOUT_MS * 2);
            respond();
        }
        assertThat(channel.isOpen()).as("a life of 150 timeouts, never silent for one").isTrue();
    }

    private void getRequest() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a"));
        drain();
    }

    private void respond() {
        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        drain();
    }

    private void drain() {
        for (Object m; (m = channel.readInbound()) != null; ) {
            ReferenceCountUtil.release(m);
        }
        for (Object m; (m = channel.readOutbound()) != null; ) {
            ReferenceCountUtil.release(m);
        }
    }

    /** Moves the channel's clock and runs the checks that came due (the test never waits). */
    private void pass(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.checkException();
    }
}

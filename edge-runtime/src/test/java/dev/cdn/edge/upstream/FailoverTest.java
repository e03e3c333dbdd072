package dev.cdn.edge.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.upstream.Failover.Decision;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

class FailoverTest {

    static Stream<Arguments> cases() {
        Throwable refused = new ConnectException("Connection refused: /127.0.0.1:1");
        return Stream.of(
                Arguments.of("GET", refused, false, 1, Decision.RETRY_NEXT),
                Arguments.of("HEAD", new ConnectTimeoutException("connection timed out"), false, 1, Decision.RETRY_NEXT),
                Arguments.of("PUT", new IllegalStateException("wrapped", refused), false, 1, Decision.RETRY_NEXT),
                Arguments.of("DELETE", new UnknownHostException("nowhere.invalid"), false, 2, Decision.RETRY_NEXT),
                Arguments.of("GET", refused, false, 0, Decision.NO_CANDIDATE_LEFT),
                Arguments.of("POST", refused, false, 1, Decision.NOT_IDEMPOTENT),
                Arguments.of("PATCH", refused, false, 1, Decision.NOT_IDEMPOTENT),
                Arguments.of("GET", refused, true, 1, Decision.RESPONSE_STARTED),
                Arguments.of("GET", ReadTimeoutException.INSTANCE, false, 1, Decision.MAY_HAVE_REACHED_ORIGIN),
                Arguments.of("GET", new IOException("Connection reset by peer"), false, 1, Decision.MAY_HAVE_REACHED_ORIGIN),
                // A certificate that does not verify ends the handshake before any request byte: the next step.
                Arguments.of("GET", new io.netty.handler.codec.DecoderException(
                        new javax.net.ssl.SSLHandshakeException("PKIX path building failed")), false, 1,
                        Decision.RETRY_NEXT),
                Arguments.of("POST", new javax.net.ssl.SSLHandshakeException("No subject alternative names"), false, 1,
                        Decision.NOT_IDEMPOTENT));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decide_retriesOnlyConnectFailuresOfIdempotentRequests(String method, Throwable error, boolean responded,
                                                               int left, Decision expected) {
        assertThat(Failover.decide(method, error, responded, left)).isEqualTo(expected);
    }
}

package dev.cdn.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class OriginErrorTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            health check failed: NotSslRecordException: not an SSL/TLS record: 485454502f312e3120343030 | The origin answered in plain HTTP, not TLS.
            io.netty.handler.ssl.NotSslRecordException: not an SSL/TLS record: 485454502f312e31203230304f4b | The origin answered in plain HTTP, not TLS.
            health check failed: SSLHandshakeException: PKIX path building failed                     | The origin's TLS certificate was not accepted
            health check failed: SSLHandshakeException: Received fatal alert: handshake_failure       | The TLS handshake with the origin failed
            health check failed: connection refused                                                   | Nothing accepts connections at this host and port
            connection refused                                                                        | Nothing accepts connections at this host and port
            health check failed: connect timed out                                                    | The origin did not accept a connection in time
            health check failed: timed out                                                            | The origin accepted the connection but did not answer in time.
            health check failed: unknown host origin.invalid                                          | The host name origin.invalid does not resolve in DNS.
            connection closed before the response                                                     | The origin closed the connection without answering.
            health check answered 503                                                                 | The health check got HTTP 503 from the origin
            health check failed: IllegalStateException: pool exhausted 0123456789abcdef0123            | The request to the origin failed: pool exhausted …
            health check failed: java.lang.NullPointerException                                       | The request to the origin failed.
            """)
    void plain_saysWhatToDo_inWordsACustomerKnows(String raw, String expectedStart) {
        String plain = OriginErrorText.plain(raw);

        assertThat(plain).startsWith(expectedStart.strip());
        assertThat(plain).doesNotContain("Exception", "485454502f", "0123456789abcdef");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void plain_ofNoError_isNull(String raw) {
        assertThat(OriginErrorText.plain(raw)).isNull();
    }

    @org.junit.jupiter.api.Test
    void plain_ofALongUnknownError_isCutShort() {
        assertThat(OriginErrorText.plain("weird " + "x".repeat(500))).hasSizeLessThan(220).endsWith("…");
    }
}

package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestFramingTest {

    @ParameterizedTest(name = "CL={0} TE={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-   | -                 | OK",
            "5   | -                 | OK",
            "-   | chunked           | OK",
            "-   | Chunked           | OK",
            "5   | chunked           | LENGTH_AND_CHUNKED",
            "-   | identity          | CHUNKED_NOT_FINAL",
            "-   | chunked, identity | CHUNKED_NOT_FINAL",
            "-   | gzip, chunked     | UNSUPPORTED_CODING",
            "-   | ','               | CHUNKED_NOT_FINAL",
    })
    void check_classifiesTheFraming(String contentLength, String transferEncoding, RequestFraming expected) {
        HttpHeaders h = new DefaultHttpHeaders();
        if (contentLength != null) {
            h.add("Content-Length", contentLength);
        }
        if (transferEncoding != null) {
            h.add("Transfer-Encoding", transferEncoding);
        }
        assertThat(RequestFraming.check(h)).isEqualTo(expected);
    }
}

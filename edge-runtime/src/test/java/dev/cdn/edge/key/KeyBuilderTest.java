package dev.cdn.edge.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.QueryMode;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KeyBuilderTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''|/",
            "/|/",
            "//a///b|/a/b",
            "/a/./b/../c|/a/c",
            "/../../a|/a",
            "/a/b/..|/a/",
            "/%7euser/%2fx|/~user/%2Fx",
            "/%41%62c|/Abc",
            "/a%2eb|/a.b",
            "/%e2%82%ac|/%E2%82%AC",
            "/dir/|/dir/",
    })
    void normalizePath(String raw, String expected) {
        assertThat(UriNormalizer.normalizePath(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "ALL|''|b=2&a=1&a=0|a=0&a=1&b=2",
            "ALL|''|x%3d=1&y|x%3D=1&y",
            "IGNORE|''|a=1|''",
            "WHITELIST|id,v*|id=1&utm_source=x&ver=2|id=1&ver=2",
            "BLACKLIST|utm_*,fbclid|utm_source=x&id=1&fbclid=z|id=1",
    })
    void queryModes(QueryMode mode, String params, String query, String expected) {
        List<String> names = params.isEmpty() ? List.of() : List.of(params.split(","));
        assertThat(QueryFilter.of(mode, names).apply(query)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "gzip, deflate, br|br",
            "gzip;q=1.0, identity|gzip",
            "br;q=0, gzip|gzip",
            "deflate|identity",
            "*|identity",
    })
    void acceptEncoding_normalizesToBrGzipIdentity(String header, String expected) {
        assertThat(KeyBuilder.normalizeAcceptEncoding(header)).isEqualTo(expected);
    }

    @Test
    void key_includesServiceKeyHeadersAndCookies() {
        var headers = new DefaultHttpHeaders().add("X-Device", "mobile").add("Cookie", "a=1; currency=EUR");
        CacheKey k = KeyBuilder.key("svc", "http://h/p", headers, List.of("X-Device"), List.of("currency"));
        assertThat(k.primary()).isEqualTo("svc http://h/p|h:x-device=mobile|c:currency=EUR");
        CacheKey other = KeyBuilder.key("svc2", "http://h/p", headers, List.of("X-Device"), List.of("currency"));
        assertThat(other.primary()).isNotEqualTo(k.primary());
    }

    @Test
    void language_normalizesToConfiguredList() {
        assertThat(KeyBuilder.normalizeLanguage("de-CH, fr;q=0.5", List.of("en", "de"))).isEqualTo("de");
        assertThat(KeyBuilder.normalizeLanguage("ja", List.of("en", "de"))).isEqualTo("en");
    }

    @Test
    void varyVariant_tellsAFieldAbsentFromTheRequestFromAnEmptyOne() {
        // RFC 9111 4.1: a field absent from the request matches only a stored request where it was absent too.
        List<String> vary = List.of("x-device", "accept-encoding");
        HttpHeaders empty = new DefaultHttpHeaders().add("X-Device", "");
        HttpHeaders absent = new DefaultHttpHeaders();
        HttpHeaders mobile = new DefaultHttpHeaders().add("X-Device", "mobile");
        assertThat(KeyBuilder.variant(empty, vary, List.of())).isNotEqualTo(KeyBuilder.variant(absent, vary, List.of()));
        assertThat(KeyBuilder.variant(mobile, vary, List.of())).isNotEqualTo(KeyBuilder.variant(absent, vary, List.of()))
                .isNotEqualTo(KeyBuilder.variant(empty, vary, List.of()));
    }
}

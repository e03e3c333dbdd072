package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGlobTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        "/img/*.png,      /img/a.png,        true",
        "/img/*.png,      /img/x/a.png,      false",
        "/img/**.png,     /img/x/y/a.png,    true",
        "/a?c,            /abc,              true",
        "/a?c,            /a/c,              false",
        "utm_*,           utm_source,        true",
        "utm_*,           xutm_source,       false",
        "/v1.0/*,         /v1x0/a,           false",
        "/**,             /anything/at/all,  true",
    })
    void matches_followsSegmentSemantics(String glob, String path, boolean expected) {
        assertThat(PathGlob.compile(glob).matches(path)).isEqualTo(expected);
    }
}

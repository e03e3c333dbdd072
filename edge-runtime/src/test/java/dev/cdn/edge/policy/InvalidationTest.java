package dev.cdn.edge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidationTest {

    static final URI TARGET = URI.create("http://demo.localhost/cart/items?id=1");

    @ParameterizedTest
    @CsvSource({"GET,false", "HEAD,false", "OPTIONS,false", "TRACE,false", "POST,true", "PUT,true", "DELETE,true",
            "PATCH,true", "M-SEARCH,true", "PURGE,true"})
    void unsafe_isEveryMethodNotKnownToBeSafe(String method, boolean unsafe) {
        assertThat(Invalidation.unsafe(method)).isEqualTo(unsafe);
    }

    @ParameterizedTest
    @CsvSource({"100,false", "200,true", "201,true", "204,true", "303,true", "399,true", "400,false", "404,false",
            "405,false", "500,false", "502,false"})
    void invalidates_onlyOnANonErrorStatus(int status, boolean invalidates) {
        assertThat(Invalidation.invalidates(status)).isEqualTo(invalidates);
    }

    static Stream<Arguments> locations() {
        return Stream.of(
                Arguments.of("relative path", "/cart", List.of("http://demo.localhost/cart")),
                Arguments.of("relative to the target", "items?id=2", List.of("http://demo.localhost/cart/items?id=2")),
                Arguments.of("absolute, same origin", "http://DEMO.localhost:80/a", List.of("http://DEMO.localhost:80/a")),
                Arguments.of("other host", "http://other.localhost/a", List.of()),
                Arguments.of("other scheme", "https://demo.localhost/a", List.of()),
                Arguments.of("other port", "http://demo.localhost:8080/a", List.of()),
                Arguments.of("not a URI", "http://demo.localhost/a b", List.of()),
                Arguments.of("empty", "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locations")
    void sameOrigin_keepsOnlyLocationsOfTheTargetsOrigin(String name, String location, List<String> expected) {
        assertThat(Invalidation.sameOrigin(TARGET, List.of(location))).map(URI::toString)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void sameOrigin_readsEveryValueGiven() {
        assertThat(Invalidation.sameOrigin(TARGET, List.of("/a", "http://evil.example/b", "/c"))).map(URI::getPath)
                .containsExactly("/a", "/c");
    }
}

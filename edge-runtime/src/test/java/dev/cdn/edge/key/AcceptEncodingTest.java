package dev.cdn.edge.key;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parameter-free Accept-Encoding path (no splitting, no lower-casing) answers as the general one. */
class AcceptEncodingTest {

    @ParameterizedTest
    @ValueSource(strings = {"gzip, deflate, br, zstd", "gzip, deflate", "GZIP", " x-gzip ", "br", "identity", "",
            ",", "gzip,", ",br", "deflate,  BR  ", "gzipx, brr", "x-Gzip,compress", "g zip", "\tgzip\t", "gz\u0131p",
            "\u212Ar"})
    void parameterFreeHeader_reducesAsTheGeneralPathDoes(String header) {
        // ";q=1" on the last element sends the same header through the general path without changing its meaning.
        assertThat(KeyBuilder.normalizeAcceptEncoding(header))
                .isEqualTo(KeyBuilder.normalizeAcceptEncoding(header + ";q=1"));
    }
}

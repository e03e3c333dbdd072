package dev.cdn.geodns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServedNamesTest {

    static final ServedNames NAMES = new ServedNames(List.of("cdn.localhost", "eu.cdn.localhost"),
            Set.of("www.shop.localhost", "Img.Shop.localhost"));

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "www.shop.localhost,                SERVICE",
            "WWW.Shop.Localhost.,               SERVICE",
            "img.shop.localhost,                SERVICE",
            "www.shop.localhost.cdn.localhost,  SERVICE",
            "www.shop.localhost.eu.cdn.localhost, SERVICE",
            "cdn.localhost,                     APEX",
            "eu.cdn.localhost.,                 APEX",
            "nothing.cdn.localhost,             UNKNOWN_IN_ZONE",
            "shop.localhost.cdn.localhost,      UNKNOWN_IN_ZONE",
            "other.localhost,                   OUTSIDE",
            "example.com,                       OUTSIDE",
            "xcdn.localhost,                    OUTSIDE"})
    void classify_namesWhatAQueriedNameIs(String name, NameKind kind) {
        assertThat(NAMES.classify(name).kind()).isEqualTo(kind);
    }
}

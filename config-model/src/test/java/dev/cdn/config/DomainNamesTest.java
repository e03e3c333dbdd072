package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which service domains are accepted, and that a refusal says the rule the name broke. */
class DomainNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"www.example.com", "shop.localhost", "*.example.com", "*.app.localhost", "Example.COM."})
    void domainProblem_ofAServiceDomain_isNull(String domain) {
        assertThat(HostNames.domainProblem(domain)).isNull();
        assertThat(HostNames.isValidDomain(domain)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            localhost        | 'localhost' is a single label: use a full name with at least two labels, such as www.example.com (or app.localhost to test locally)
            intranet         | 'intranet' is a single label: use a full name with at least two labels
            *.localhost      | '*.localhost' would cover every name under 'localhost': a wildcard needs at least two labels after '*.', such as *.example.com (or *.app.localhost)
            *.com            | '*.com' would cover every name under 'com'
            www.*.example.com | a wildcard is allowed only as the whole first label, as in *.example.com
            *example.com     | a wildcard is allowed only as the whole first label, as in *.example.com
            shop_1.example.com | 'shop_1.example.com' is not a valid host name: use letters, digits and '-' in dot-separated labels
            """)
    void domainProblem_saysWhichRuleTheNameBreaks(String domain, String expectedStart) {
        assertThat(HostNames.domainProblem(domain)).startsWith(expectedStart.strip());
        assertThat(HostNames.isValidDomain(domain)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "*.localhost"})
    void validate_refusesTheNameWithTheSameMessage(String domain) {
        var violations = ConfigValidator.validate(new ServiceConfig("s1", "t1", "s", 1, java.util.List.of(domain),
                java.util.List.of(Origin.of("o", "10.0.0.1", 80)), java.util.List.of(), null));
        assertThat(violations).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo("domains[0]");
            assertThat(v.message()).isEqualTo(HostNames.domainProblem(domain));
        });
    }
}

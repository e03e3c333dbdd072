package dev.cdn.edge.esi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ESI 1.0 variables (section 4) read from request headers. */
class RequestVariablesTest {

    @ParameterizedTest(name = "{0} -> browser {1}, os {2}, version {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)                        | MSIE    | WIN   | 6.0",
        "Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko             | MSIE    | WIN   | 11.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Safari   | MOZILLA | MAC   | 5.0",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0     | MOZILLA | UNIX  | 5.0",
        "curl/8.5.0                                                                  | OTHER   | OTHER | 8.5.0",
    })
    void userAgent_isClassifiedAsTheSpecificationNamesIt(String header, String browser, String os, String version) {
        RequestVariables variables = new RequestVariables(null, null, null, null, header, null);

        assertThat(variables.lookup("HTTP_USER_AGENT", "browser")).isEqualTo(browser);
        assertThat(variables.lookup("HTTP_USER_AGENT", "os")).isEqualTo(os);
        assertThat(variables.lookup("HTTP_USER_AGENT", "version")).isEqualTo(version);
    }

    @ParameterizedTest(name = "Cookie {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "NULL", value = {
        "a=1; b=2            | b    | 2",
        "a=1;b=\"quoted\"    | b    | quoted",
        "a=1                 | c    | NULL",
        "ab=1; b=2           | b    | 2",
    })
    void cookie_isADictionary(String header, String name, String expected) {
        assertThat(new RequestVariables(null, header, null, null, null, null).lookup("HTTP_COOKIE", name))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "?{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "NULL", value = {
        "a=1&b=2        | b | 2",
        "a=%3Cb%3E      | a | %3Cb%3E",
        "flag&x=1       | flag | ''",
        "x=1            | y | NULL",
    })
    void queryString_isADictionaryOfRawValues(String query, String name, String expected) {
        assertThat(new RequestVariables(null, null, null, null, null, query).lookup("QUERY_STRING", name))
                .isEqualTo(expected == null ? null : expected.replace("''", ""));
    }

    @ParameterizedTest(name = "Accept-Language {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "en-US,en;q=0.9  | en    | true",
        "en-US           | en    | true",
        "en-US           | en-us | true",
        "en              | en-us | false",
        "english         | en    | false",
        "de;q=0          | de    | false",
        "de, fr          | fr    | true",
    })
    void acceptLanguage_isAListOfBooleans(String header, String lang, String expected) {
        assertThat(new RequestVariables(null, null, header, null, null, null).lookup("HTTP_ACCEPT_LANGUAGE", lang))
                .isEqualTo(expected);
    }
}

package dev.cdn.edge.esi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ESI 1.0 expression language (section 5), as a table. */
class ExpressionTest {

    private static final RequestVariables REQUEST = new RequestVariables("www.example.com",
            "group=Advanced; visits=12", "da, en-gb;q=0.8, fr;q=0", "http://ref.example/", "Mozilla/5.0 (X11; Linux x86_64)",
            "cat=shoes&page=3");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " -> ", quoteCharacter = '`', value = {
        // Section 5.1's examples.
        "!(1==1) -> false",
        "!('a'<='c') -> false",
        "(1==1)|('abc'=='def') -> true",
        "(4!=5)&(4==5) -> false",
        "$(HTTP_COOKIE{group})=='Advanced' -> true",
        "$(HTTP_COOKIE{group})!='Advanced' -> false",
        // Numbers compare as numbers, anything else as strings.
        "10 > 9 -> true",
        "'10' > '9' -> true",
        "'10a' > '9' -> false",
        "$(HTTP_COOKIE{visits}) >= 12 -> true",
        "$(HTTP_COOKIE{visits}) < 2.5 -> false",
        "-1 < 0 -> true",
        "$(QUERY_STRING{page}) == 3 -> true",
        // List and dictionary variables.
        "$(HTTP_ACCEPT_LANGUAGE{en}) -> true",
        "$(HTTP_ACCEPT_LANGUAGE{en-gb}) -> true",
        "$(HTTP_ACCEPT_LANGUAGE{fr}) -> false",
        "$(HTTP_ACCEPT_LANGUAGE{de}) -> false",
        "!$(HTTP_ACCEPT_LANGUAGE{de}) -> true",
        "$(HTTP_USER_AGENT{browser})=='MOZILLA' -> true",
        "$(HTTP_USER_AGENT{os})=='UNIX' -> true",
        "$(HTTP_USER_AGENT{version})=='5.0' -> true",
        "$(HTTP_HOST)=='www.example.com' & $(HTTP_REFERER)!='' -> true",
        "$(HTTP_COOKIE{missing}) -> false",
        "$(HTTP_COOKIE{missing}|'x')=='x' -> true",
        "$(NOT_A_VARIABLE)=='' -> true",
        // Precedence: ! binds tighter than &, & tighter than |.
        "1==2 | 1==1 & 2==2 -> true",
        "(1==2 | 1==1) & 2==3 -> false",
        "!1==2 -> true",
        // What does not parse is false, never an error.
        "(1==1 -> false",
        "1== -> false",
        "'unterminated -> false",
        "1==1 2==2 -> false",
        "$( -> false",
    })
    void evaluate(String source, boolean expected) {
        assertThat(ExpressionParser.parse(source).test(REQUEST)).isEqualTo(expected);
    }
}

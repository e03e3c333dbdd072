package dev.cdn.edge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.ServiceSettings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests of the strict field parsers: Age, HTTP-dates and Expires, Cache-Control and CDN-Cache-Control. */
class StrictParsingTest {

    static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long NOV_6_1994 = Instant.parse("1994-11-06T08:49:37Z").toEpochMilli();

    static Stream<Arguments> ages() {
        return Stream.of(
                Arguments.of(List.of(), 0L),
                Arguments.of(List.of("60"), 60L),
                Arguments.of(List.of(" 60 "), 60L),
                Arguments.of(List.of("7200, 0"), 7200L),          // §5.1: the first member of a list
                Arguments.of(List.of("7200", "0"), 7200L),        // and of several field lines
                Arguments.of(List.of("abc"), 0L),                 // invalid: ignored
                Arguments.of(List.of("-5"), 0L),
                Arguments.of(List.of("+5"), 0L),
                Arguments.of(List.of("1.5"), 0L),
                Arguments.of(List.of("99999999999999999999"), 2147483648L)); // §1.2.2: 2^31
    }

    @ParameterizedTest
    @MethodSource("ages")
    void ageValue_followsRfc9111Section5_1(List<String> lines, long expected) {
        assertThat(Freshness.ageValue(lines)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void initialAge_usesTheFirstMemberOfAListAge() {
        HttpHeaders h = new DefaultHttpHeaders().add("Age", "7200, 0");
        assertThat(Freshness.initialAge(h, NOW, NOW)).isEqualTo(7200);
    }

    static Stream<Arguments> dates() {
        return Stream.of(
                Arguments.of("Sun, 06 Nov 1994 08:49:37 GMT", NOV_6_1994),   // IMF-fixdate
                Arguments.of("Sunday, 06-Nov-94 08:49:37 GMT", NOV_6_1994),  // obsolete RFC 850
                Arguments.of("Sun Nov  6 08:49:37 1994", NOV_6_1994),        // obsolete asctime
                Arguments.of("Sun Nov 16 08:49:37 1994", NOV_6_1994 + 10L * 86_400_000),
                Arguments.of("Sun, 06 Nov 1994 8:49:37 GMT", -1L),           // one-digit hour
                Arguments.of("Sun, 6 Nov 1994 08:49:37 GMT", -1L),           // one-digit day
                Arguments.of("Sun, 06 Nov 1994 08:49:37 +0000", -1L),        // not GMT
                Arguments.of("Sun, 06 Nov 1994 08:49:37", -1L),
                Arguments.of("sun, 06 nov 1994 08:49:37 GMT", -1L),          // case-sensitive names
                Arguments.of("Sun,  06 Nov 1994 08:49:37 GMT", -1L),
                Arguments.of("Sun, 31 Feb 1994 08:49:37 GMT", -1L),          // no such day
                Arguments.of("Sun, 06 Nov 1994 24:00:00 GMT", -1L),
                Arguments.of("0", -1L),
                Arguments.of("", -1L));
    }

    @ParameterizedTest
    @MethodSource("dates")
    void httpDate_acceptsExactlyTheThreeRfc9110Forms(String value, long expected) {
        assertThat(HttpDates.parse(value, NOW)).isEqualTo(expected);
    }

    static Stream<Arguments> twoDigitYears() {
        return Stream.of(Arguments.of(94, 1994), Arguments.of(26, 2026), Arguments.of(76, 2076), Arguments.of(77, 1977));
    }

    @ParameterizedTest
    @MethodSource("twoDigitYears")
    void rfc850Year_moreThan50YearsAhead_isInThePast(int twoDigits, int year) {
        assertThat(HttpDates.fullYear(twoDigits, NOW)).isEqualTo(year);
    }

    static Stream<Arguments> expires() {
        String date = HttpDates.format(NOW);
        return Stream.of(
                Arguments.of(List.of("Thu, 01 Jan 2026 00:05:00 GMT"), 300L),
                Arguments.of(List.of("Thursday, 01-Jan-26 00:05:00 GMT"), 300L),
                Arguments.of(List.of("Thu Jan  1 00:05:00 2026"), 300L),
                Arguments.of(List.of("Thu, 01 Jan 2026 0:05:00 GMT"), 0L),    // one-digit hour: expired
                Arguments.of(List.of("Thu, 01 Jan 2026", "00:05:00 GMT"), 0L), // split on two lines: expired
                Arguments.of(List.of("Thu, 01 Jan 2026 00:05:00 GMT", "Thu, 01 Jan 2026 00:05:00 GMT"), 0L))
                .map(a -> Arguments.of(a.get()[0], a.get()[1], date));
    }

    @ParameterizedTest
    @MethodSource("expires")
    void expires_invalidMeansAlreadyExpired(List<String> lines, long ttl, String date) {
        HttpHeaders h = new DefaultHttpHeaders().add("Date", date).add("ETag", "\"e\"");
        lines.forEach(l -> h.add("Expires", l));
        StoreDecision d = Freshness.decide(false, 200, h, CacheRule.DEFAULT, settings(), NOW, NOW);
        assertThat(d.ttlSeconds()).isEqualTo(ttl);
    }

    static Stream<Arguments> targeted() {
        return Stream.of(
                Arguments.of("max-age=60", Optional.of("max-age=60")),
                Arguments.of("max-age=60, no-store", Optional.of("max-age=60|no-store=")),
                Arguments.of("no-store, max-age=60 ", Optional.of("max-age=60|no-store=")),
                Arguments.of("max-age=60, private=\"set-cookie\"", Optional.of("max-age=60|private=set-cookie")),
                Arguments.of("max-age=60;foo=bar, x-ext=(a b)", Optional.of("max-age=60|x-ext=a,b")),
                Arguments.of("no-store=?0, max-age=60", Optional.of("max-age=60")),
                Arguments.of("max-age=10000, &&&&&", Optional.empty()),  // not a Dictionary: the field is ignored
                Arguments.of("max-age=\"10000\"", Optional.empty()),     // a String where an Integer is needed
                Arguments.of("max-age=-1", Optional.empty()),
                Arguments.of("max-age=1.5", Optional.empty()),
                Arguments.of("Max-Age=60", Optional.empty()),            // keys are lower case
                Arguments.of("no-store=yes", Optional.empty()),
                Arguments.of("max-age=60,", Optional.empty()),
                Arguments.of("", Optional.empty()),                      // empty: ignored (RFC 9213 §2.1)
                Arguments.of("   ", Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("targeted")
    void cdnCacheControl_isADictionary_andAnInvalidFieldIsIgnoredWhole(String value, Optional<String> expected) {
        Optional<String> parsed = TargetedCacheControl.parse(List.of(value)).map(cc -> String.join("|",
                cc.directives().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()));
        assertThat(parsed).isEqualTo(expected);
    }

    static Stream<Arguments> precedence() {
        return Stream.of(
                Arguments.of("no-store", "max-age=30", null, 30L),
                Arguments.of("no-store", "max-age=10000, &&&&&", NoCacheReason.NO_STORE, 0L),
                Arguments.of("no-store", "max-age=\"10000\"", NoCacheReason.NO_STORE, 0L),
                Arguments.of("max-age=60", "", null, 60L),
                Arguments.of("max-age=\"90\"", null, null, 90L),    // Cache-Control: both forms (RFC 9111 §5.2)
                Arguments.of("max-age=abc", null, null, 0L),       // invalid freshness: stale (RFC 9111 §4.2.1)
                Arguments.of("max-age=+60", null, null, 0L),
                Arguments.of("s-maxage=x, max-age=60", null, null, 0L));
    }

    @ParameterizedTest
    @MethodSource("precedence")
    void invalidCdnCacheControl_neverOverridesCacheControl(String cacheControl, String cdnCacheControl,
                                                          NoCacheReason reason, long ttl) {
        HttpHeaders h = new DefaultHttpHeaders().add("Cache-Control", cacheControl).add("ETag", "\"e\"");
        if (cdnCacheControl != null) {
            h.add("CDN-Cache-Control", cdnCacheControl);
        }
        StoreDecision d = Freshness.decide(false, 200, h, CacheRule.DEFAULT, settings(), NOW, NOW);
        assertThat(d.reason()).isEqualTo(reason);
        if (reason == null) {
            assertThat(d.ttlSeconds()).isEqualTo(ttl);
        }
    }

    static ServiceSettings settings() {
        return new ServiceSettings(null, false, List.of(), null);
    }
}

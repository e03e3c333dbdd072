package dev.cdn.edge.esi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Assembly of evaluated pages: parallel fetches, document order, failure rules, limits, the page's TTL. */
class EsiAssemblerTest {

    private static final URI PAGE = URI.create("http://www.example.com/shop/index.html");
    private static final HostPolicy HOSTS = new HostPolicy(Set.of("www.example.com"), Set.of("static.example.net"));

    /** Fragments answered from sinks the test completes by hand; records every URL asked for. */
    private static final class Fragments implements FragmentSource {
        final Map<String, Sinks.One<Fragment>> sinks = new ConcurrentHashMap<>();
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Fragment> fetch(URI url, int depth) {
            asked.add(url + "@" + depth);
            return sink(url.toString()).asMono();
        }

        Sinks.One<Fragment> sink(String url) {
            return sinks.computeIfAbsent(url, u -> Sinks.one());
        }

        void answer(String url, String body, long ttl) {
            sink(url).tryEmitValue(new Fragment(body.getBytes(StandardCharsets.ISO_8859_1), ttl));
        }

        void fail(String url) {
            sink(url).tryEmitError(new IllegalStateException("502"));
        }
    }

    private static Assembly evaluate(String page) {
        return EsiEvaluator.evaluate(EsiParser.parse(page, ParseLimits.DEFAULT), RequestVariables.NONE, 1 << 20);
    }

    private static String text(List<byte[]> chunks) {
        StringBuilder out = new StringBuilder();
        chunks.forEach(c -> out.append(new String(c, StandardCharsets.ISO_8859_1)));
        return out.toString();
    }

    private final Fragments fragments = new Fragments();
    private final List<IncludeOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final EsiRecorder recorder = new EsiRecorder() {
        @Override
        public void include(IncludeOutcome outcome) {
            outcomes.add(outcome);
        }
    };

    private EsiAssembler assembler(AssemblyLimits limits) {
        return new EsiAssembler(fragments, limits, recorder, Schedulers.parallel());
    }

    @Test
    void includes_startInParallel_andStreamInDocumentOrder() {
        EsiAssembler.Page page = assembler(AssemblyLimits.DEFAULT).assemble(
                evaluate("A<esi:include src=\"a.html\"/>B<esi:include src=\"/b.html\"/>C"), PAGE, 0, HOSTS, 60);

        StepVerifier.create(page.body().map(b -> new String(b, StandardCharsets.ISO_8859_1)))
                .expectNext("A")
                .then(() -> {
                    assertThat(fragments.asked).as("both fetches started before either answered")
                            .containsExactly("http://www.example.com/shop/a.html@1", "http://www.example.com/b.html@1");
                    fragments.answer("http://www.example.com/b.html", "[b]", Fragment.NO_TTL);
                })
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> fragments.answer("http://www.example.com/shop/a.html", "[a]", Fragment.NO_TTL))
                .expectNext("[a]", "B", "[b]", "C")
                .verifyComplete();
    }

    @Test
    void browserTtl_isTheSmallestOfThePartsTtls() {
        EsiAssembler.Page page = assembler(AssemblyLimits.DEFAULT).assemble(
                evaluate("<esi:include src=\"/long\"/><esi:include src=\"/short\"/><esi:include src=\"/none\"/>"),
                PAGE, 0, HOSTS, 300);
        fragments.answer("http://www.example.com/long", "l", 3600);
        fragments.answer("http://www.example.com/short", "s", 5);
        fragments.answer("http://www.example.com/none", "n", Fragment.NO_TTL);

        assertThat(page.browserTtlSeconds().block()).isEqualTo(5);
        assertThat(text(page.body().collectList().block())).isEqualTo("lsn");
        assertThat(fragments.asked).as("body and TTL share the fetches").hasSize(3);
    }

    @Test
    void failedSrc_fallsBackToAlt_thenContinue_thenFailsThePage() {
        fragments.fail("http://www.example.com/a");
        fragments.answer("http://www.example.com/alt", "ALT", Fragment.NO_TTL);
        fragments.fail("http://www.example.com/b");
        fragments.fail("http://www.example.com/c");

        String withAlt = text(assembler(AssemblyLimits.DEFAULT).assemble(evaluate(
                "<esi:include src=\"/a\" alt=\"/alt\"/>|<esi:include src=\"/b\" onerror=\"continue\"/>|"),
                PAGE, 0, HOSTS, 60).body().collectList().block());
        assertThat(withAlt).isEqualTo("ALT||");
        assertThat(outcomes).containsExactly(IncludeOutcome.ALT, IncludeOutcome.CONTINUED);

        StepVerifier.create(assembler(AssemblyLimits.DEFAULT).assemble(evaluate("x<esi:include src=\"/c\"/>y"),
                        PAGE, 0, HOSTS, 60).body())
                .expectNextCount(1)
                .verifyError(EsiAssembler.IncludeFailedException.class);
    }

    @Test
    void failedAttempt_emitsTheExceptAndFetchesItOnlyThen() {
        fragments.answer("http://www.example.com/ok", "OK", Fragment.NO_TTL);
        fragments.fail("http://www.example.com/bad");
        fragments.answer("http://www.example.com/fallback", "FALLBACK", Fragment.NO_TTL);

        String out = text(assembler(AssemblyLimits.DEFAULT).assemble(evaluate(
                "<esi:try><esi:attempt>[<esi:include src=\"/ok\"/><esi:include src=\"/bad\"/>]</esi:attempt>"
                        + "<esi:except><esi:include src=\"/fallback\"/></esi:except></esi:try>"
                        + "<esi:try><esi:attempt><esi:include src=\"/ok\"/></esi:attempt>"
                        + "<esi:except><esi:include src=\"/never\"/></esi:except></esi:try>"),
                PAGE, 0, HOSTS, 60).body().collectList().block());

        assertThat(out).as("nothing of the failed attempt, not even its text").isEqualTo("FALLBACKOK");
        assertThat(fragments.asked).noneMatch(u -> u.contains("/never"));
    }

    @Test
    void hostOutsideServiceAndAllowList_isNeverAsked() {
        String out = text(assembler(AssemblyLimits.DEFAULT).assemble(evaluate(
                "<esi:include src=\"http://169.254.169.254/latest/meta-data/\" onerror=\"continue\"/>"
                        + "<esi:include src=\"file:///etc/passwd\" onerror=\"continue\"/>"
                        + "<esi:include src=\"http://user@www.example.com/x\" onerror=\"continue\"/>"
                        + "<esi:include src=\"//static.example.net/s.css\"/>"),
                PAGE, 0, HOSTS, 60).body().doOnSubscribe(s -> fragments.answer("http://static.example.net/s.css", "S",
                Fragment.NO_TTL)).collectList().block());

        assertThat(out).isEqualTo("S");
        assertThat(fragments.asked).containsExactly("http://static.example.net/s.css@1");
        assertThat(outcomes).containsExactly(IncludeOutcome.HOST_REFUSED, IncludeOutcome.CONTINUED,
                IncludeOutcome.HOST_REFUSED, IncludeOutcome.CONTINUED, IncludeOutcome.HOST_REFUSED,
                IncludeOutcome.CONTINUED, IncludeOutcome.SRC);
    }

    @Test
    void includeAtTheDepthLimit_isRefusedWithoutAFetch() {
        AssemblyLimits limits = new AssemblyLimits(3, 32, Duration.ofSeconds(5), 1 << 20);

        String out = text(assembler(limits).assemble(evaluate("<esi:include src=\"/deeper\" onerror=\"continue\"/>"),
                PAGE, 3, HOSTS, 60).body().collectList().block());

        assertThat(out).isEmpty();
        assertThat(fragments.asked).isEmpty();
        assertThat(outcomes).startsWith(IncludeOutcome.TOO_DEEP);
    }

    @Test
    void includesOverTheCap_areNotFetched() {
        AssemblyLimits limits = new AssemblyLimits(3, 2, Duration.ofSeconds(5), 1 << 20);
        for (String p : List.of("/1", "/2", "/3")) {
            fragments.answer("http://www.example.com" + p, p, Fragment.NO_TTL);
        }

        String out = text(assembler(limits).assemble(evaluate("<esi:include src=\"/1\"/><esi:include src=\"/2\"/>"
                + "<esi:include src=\"/3\" onerror=\"continue\"/>"), PAGE, 0, HOSTS, 60).body().collectList().block());

        assertThat(out).isEqualTo("/1/2");
        assertThat(fragments.asked).hasSize(2);
        assertThat(outcomes).contains(IncludeOutcome.OVER_CAP);
    }

    @Test
    void slowInclude_timesOut_andFallsBackToAlt() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        EsiAssembler assembler = new EsiAssembler(fragments, new AssemblyLimits(3, 32, Duration.ofSeconds(2), 1 << 20),
                recorder, time);
        fragments.answer("http://www.example.com/fast", "FAST", Fragment.NO_TTL);

        StepVerifier.withVirtualTime(() -> assembler.assemble(evaluate("<esi:include src=\"/slow\" alt=\"/fast\"/>"),
                        PAGE, 0, HOSTS, 60).body().map(b -> new String(b, StandardCharsets.ISO_8859_1)), () -> time, 1)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("FAST")
                .verifyComplete();
        assertThat(outcomes).containsExactly(IncludeOutcome.TIMED_OUT, IncludeOutcome.ALT);
    }

    @Test
    void output_isCutAtTheLimit() {
        fragments.answer("http://www.example.com/big", "x".repeat(1000), Fragment.NO_TTL);

        List<byte[]> chunks = assembler(new AssemblyLimits(3, 32, Duration.ofSeconds(5), 100)).assemble(
                evaluate("0123456789<esi:include src=\"/big\"/>tail"), PAGE, 0, HOSTS, 60).body().collectList().block();

        assertThat(chunks.stream().mapToInt(c -> c.length).sum()).isEqualTo(100);
    }
}

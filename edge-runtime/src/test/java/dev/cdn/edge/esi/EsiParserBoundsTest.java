package dev.cdn.edge.esi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile and random input: the parser and evaluator never throw, finish in bounded time, and produce no more text
 * than the input held plus the request's variables, within the output limit.
 */
class EsiParserBoundsTest {

    /** Pieces random documents are built from: ESI markup, whole and broken, and plain markup. */
    private static final List<String> PIECES = List.of("<esi:include src=\"/a\"/>", "<esi:include src='/$(HTTP_HOST)'",
            "<esi:try>", "<esi:attempt>", "</esi:attempt>", "<esi:except>", "</esi:except>", "</esi:try>",
            "<esi:choose>", "<esi:when test=\"$(HTTP_COOKIE{a})=='1' & (2>1)\">", "</esi:when>", "<esi:otherwise>",
            "</esi:otherwise>", "</esi:choose>", "<esi:vars>", "</esi:vars>", "$(HTTP_COOKIE)", "$(QUERY_STRING{",
            "<!--esi", "-->", "<esi:remove>", "</esi:remove>", "<esi:comment text=\"x\"/>", "<esi:", "</esi:", "<",
            ">", "\"", "'", "=", "/", "<esi:foo bar=1>", "</esi:foo>", "<p>", "text ", "\u0000\u00ff", "&amp;");

    private static final RequestVariables BIG_VARIABLES = new RequestVariables("h".repeat(8000), "c".repeat(8000),
            "en", null, "Mozilla/5.0", "q=1");

    @Test
    void randomDocuments_neverThrow_andStayBounded() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> IntStream.range(0, 3000).forEach(seed -> {
            Random random = new Random(seed);
            StringBuilder doc = new StringBuilder();
            int pieces = random.nextInt(200);
            for (int i = 0; i < pieces; i++) {
                if (random.nextInt(10) == 0) {
                    doc.append((char) random.nextInt(256));
                } else {
                    doc.append(PIECES.get(random.nextInt(PIECES.size())));
                }
            }
            checkBounded(doc.toString(), 64 * 1024);
        }));
    }

    @Test
    void randomBytes_passThroughUnchanged_whenTheyHoldNoEsiMarkup() {
        Random random = new Random(42);
        for (int n = 0; n < 200; n++) {
            byte[] body = new byte[random.nextInt(4096)];
            random.nextBytes(body);
            String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (text.contains("<esi:") || text.contains("</esi:") || text.contains("<!--esi")) {
                continue;
            }
            Assembly assembly = EsiEvaluator.evaluate(EsiParser.parse(body), RequestVariables.NONE, 1 << 20);
            assertThat(assembly.parts()).hasSizeLessThanOrEqualTo(1);
            String out = assembly.parts().isEmpty() ? "" : ((Assembly.Literal) assembly.parts().get(0)).text();
            assertThat(out).isEqualTo(text);
        }
    }

    @Test
    void pathologicalDocuments_parseInBoundedTime() {
        int n = 1 << 20;
        List<String> hostile = List.of(
                "<esi:try><esi:attempt>".repeat(n / 22),
                "<!--esi".repeat(n / 7),
                "<esi:include src=\"" + "x".repeat(n),
                "<esi:a x=\">".repeat(n / 11),
                "<esi:when test='".repeat(n / 16),
                "<esi:".repeat(n / 5),
                "</esi:try>".repeat(n / 10),
                "<esi:vars>" + "$(".repeat(n / 2),
                "<esi:vars>" + "$(HTTP_COOKIE)".repeat(n / 14) + "</esi:vars>",
                "<esi:choose><esi:when test=\"" + "(".repeat(5000) + "1==1" + ")".repeat(5000) + "\">x</esi:when></esi:choose>",
                "<esi:choose><esi:when test=\"" + "1==1&".repeat(3000) + "1==1\">x</esi:when></esi:choose>",
                "<esi:choose><esi:when test=\"" + "!".repeat(10000) + "1==1\">x</esi:when></esi:choose>",
                "<esi:remove>" + "<".repeat(n));
        for (String doc : hostile) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> checkBounded(doc, 1 << 20),
                    () -> "document starting " + doc.substring(0, Math.min(40, doc.length())));
        }
    }

    @Test
    void deepNesting_isCappedAndStillWellFormed() {
        String doc = "<esi:vars>".repeat(1000) + "deep" + "</esi:vars>".repeat(1000);

        EsiDocument parsed = EsiParser.parse(doc, ParseLimits.DEFAULT);

        assertThat(parsed.droppedElements()).isEqualTo(1000 - ParseLimits.DEFAULT.maxDepth());
        assertThat(EsiRender.render(doc, RequestVariables.NONE, java.util.Map.of())).isEqualTo("deep");
    }

    @Test
    void hugeAttribute_isDroppedAsMalformed_andTheRestOfThePageSurvives() {
        String doc = "<esi:include src=\"" + "x".repeat(100_000) + "\"/>" + "<p>rest</p>";

        EsiDocument parsed = EsiParser.parse(doc, ParseLimits.DEFAULT);

        assertThat(parsed.malformedTags()).isEqualTo(1);
        assertThat(parsed.includes()).isZero();
        String out = EsiRender.render(doc, RequestVariables.NONE, java.util.Map.of());
        assertThat(out).endsWith("<p>rest</p>").doesNotContain("<esi:");
    }

    @Test
    void variableAmplification_isCutAtTheOutputLimit() {
        String doc = "<esi:vars>" + "$(HTTP_COOKIE)".repeat(10_000) + "</esi:vars>";

        Assembly assembly = EsiEvaluator.evaluate(EsiParser.parse(doc, ParseLimits.DEFAULT), BIG_VARIABLES, 100_000);

        assertThat(assembly.truncated()).isTrue();
        assertThat(textLength(assembly.parts())).isEqualTo(100_000);
    }

    private static void checkBounded(String doc, long maxChars) {
        EsiDocument parsed = EsiParser.parse(doc, ParseLimits.DEFAULT);
        Assembly assembly = EsiEvaluator.evaluate(parsed, BIG_VARIABLES, maxChars);
        long text = textLength(assembly.parts());
        assertThat(text).isLessThanOrEqualTo(maxChars);
        if (!assembly.truncated()) {
            // Without variables the output is a subset of the input's characters.
            long plain = textLength(EsiEvaluator.evaluate(parsed, RequestVariables.NONE, maxChars).parts());
            assertThat(plain).isLessThanOrEqualTo(doc.length());
        }
    }

    private static long textLength(List<Assembly.Part> parts) {
        long total = 0;
        for (Assembly.Part part : parts) {
            if (part instanceof Assembly.Literal l) {
                total += l.text().length();
            } else if (part instanceof Assembly.Attempt a) {
                total += textLength(a.attempt()) + textLength(a.except());
            } else if (part instanceof Assembly.Fetch f) {
                assertThat(f.src().length()).isLessThanOrEqualTo(EsiEvaluator.MAX_URL_CHARS);
            }
        }
        return total;
    }
}

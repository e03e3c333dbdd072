package dev.cdn.edge.esi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples of the ESI Language Specification 1.0 (W3C Note, 4 August 2001), section by section. */
class EsiSpecificationExamplesTest {

    private static final RequestVariables NO_REQUEST = RequestVariables.NONE;

    private static RequestVariables cookie(String cookie) {
        return new RequestVariables("www.example.com", cookie, null, null, null, null);
    }

    @Test
    void include_section3_1_replacesTheElementWithTheFragment() {
        String page = "<p>before</p><esi:include src=\"http://example.com/1.html\" alt=\"http://bak.example.com/2.html\" onerror=\"continue\"/><p>after</p>";

        assertThat(EsiRender.render(page, NO_REQUEST, Map.of("http://example.com/1.html", "ONE")))
                .isEqualTo("<p>before</p>ONE<p>after</p>");
        assertThat(EsiRender.render(page, NO_REQUEST, Map.of("http://bak.example.com/2.html", "TWO")))
                .as("src fails: alt").isEqualTo("<p>before</p>TWO<p>after</p>");
        assertThat(EsiRender.render(page, NO_REQUEST, Map.of()))
                .as("both fail with onerror=continue: deleted silently").isEqualTo("<p>before</p><p>after</p>");
    }

    @Test
    void include_withoutOnerror_failsThePageWhenSrcAndAltFail() {
        assertThat(EsiRender.render("a<esi:include src=\"/x\"/>b", NO_REQUEST, Map.of())).isEqualTo("<page failed>");
    }

    @Test
    void chooseWhenOtherwise_section3_3_takesTheFirstTrueBranch() {
        String page = """
                <esi:choose>
                  <esi:when test="$(HTTP_COOKIE{group})=='Advanced'">
                    <esi:include src="http://www.example.com/advanced.html"/>
                  </esi:when>
                  <esi:when test="$(HTTP_COOKIE{group})=='Basic User'">
                    <esi:include src="http://www.example.com/basic.html"/>
                  </esi:when>
                  <esi:otherwise>
                    <esi:include src="http://www.example.com/new_user.html"/>
                  </esi:otherwise>
                </esi:choose>""";
        Map<String, String> fragments = Map.of("http://www.example.com/advanced.html", "ADV",
                "http://www.example.com/basic.html", "BASIC", "http://www.example.com/new_user.html", "NEW");

        assertThat(EsiRender.render(page, cookie("group=Advanced"), fragments).strip()).isEqualTo("ADV");
        assertThat(EsiRender.render(page, cookie("a=1; group=Basic User"), fragments).strip()).isEqualTo("BASIC");
        assertThat(EsiRender.render(page, cookie(null), fragments).strip()).isEqualTo("NEW");
    }

    @Test
    void tryAttemptExcept_section3_4_writesTheExceptWhenTheAttemptFails() {
        String page = """
                <esi:try>
                  <esi:attempt>
                    <esi:comment text="Include an ad"/>
                    <esi:include src="http://www.example.com/ad1.html"/>
                  </esi:attempt>
                  <esi:except>
                    <esi:comment text="Just write some HTML instead"/>
                    <a href=www.akamai.com>www.example.com</a>
                  </esi:except>
                </esi:try>""";

        assertThat(EsiRender.render(page, NO_REQUEST, Map.of("http://www.example.com/ad1.html", "AD")).strip())
                .isEqualTo("AD");
        assertThat(EsiRender.render(page, NO_REQUEST, Map.of()).strip())
                .isEqualTo("<a href=www.akamai.com>www.example.com</a>");
    }

    @Test
    void comment_section3_5_isRemoved() {
        assertThat(EsiRender.render("a<esi:comment text=\"the following animation will have a 24 hr TTL.\"/>b",
                NO_REQUEST, Map.of())).isEqualTo("ab");
    }

    @Test
    void remove_section3_6_removesTheElementAndItsContentUnprocessed() {
        String page = """
                <esi:include src="http://www.example.com/ad.html"/>
                <esi:remove>
                  <a href="http://www.example.com">www.example.com</a><esi:include src="/never"/>
                </esi:remove>""";

        assertThat(EsiRender.render(page, NO_REQUEST, Map.of("http://www.example.com/ad.html", "AD")))
                .isEqualTo("AD\n");
    }

    @Test
    void vars_section3_7_substitutesVariablesInItsContentOnly() {
        String page = "<esi:vars><img src=\"http://www.example.com/$(HTTP_COOKIE{type})/hello.gif\"/ ></esi:vars>"
                + " $(HTTP_COOKIE{type})";

        assertThat(EsiRender.render(page, cookie("type=gold"), Map.of()))
                .isEqualTo("<img src=\"http://www.example.com/gold/hello.gif\"/ > $(HTTP_COOKIE{type})");
    }

    @Test
    void esiComment_section3_8_isUnwrappedAndProcessed() {
        String page = "<!--esi\n<p><esi:vars>Hello, $(HTTP_COOKIE{name})!</esi:vars></p>\n-->";

        assertThat(EsiRender.render(page, cookie("name=Ann"), Map.of())).isEqualTo("\n<p>Hello, Ann!</p>\n");
    }

    @Test
    void variablesInIncludeSrc_section4_areSubstitutedWithoutVars() {
        String page = "<esi:include src=\"http://www.example.com/$(HTTP_COOKIE{lang}|'en')/hdr.html\"/>";
        Map<String, String> fragments = Map.of("http://www.example.com/fr/hdr.html", "FR",
                "http://www.example.com/en/hdr.html", "EN");

        assertThat(EsiRender.render(page, cookie("lang=fr"), fragments)).isEqualTo("FR");
        assertThat(EsiRender.render(page, cookie(null), fragments)).as("section 4.2 default").isEqualTo("EN");
    }

    @Test
    void variableDefault_section4_2_appliesToEmptyAndMissingValues() {
        String page = "<esi:vars>$(HTTP_COOKIE{visits}|'new user') $(HTTP_REFERER|none)</esi:vars>";

        assertThat(EsiRender.render(page, cookie("visits="), Map.of())).isEqualTo("new user none");
    }

    @Test
    void includeAttributes_decodeXmlReferences() {
        Map<String, String> fragments = Map.of("/f?a=1&b=2", "F");

        assertThat(EsiRender.render("<esi:include src=\"/f?a=1&amp;b=2\"/>", NO_REQUEST, fragments)).isEqualTo("F");
    }

    @Test
    void nestedTryInsideChoose_evaluatesInnerBranches() {
        String page = "<esi:choose><esi:when test=\"$(HTTP_HOST)=='www.example.com'\">"
                + "<esi:try><esi:attempt><esi:include src=\"/a\"/></esi:attempt><esi:except>fallback</esi:except></esi:try>"
                + "</esi:when></esi:choose>";

        assertThat(EsiRender.render(page, cookie(null), Map.of())).isEqualTo("fallback");
    }

    @Test
    void parse_countsIncludesDroppedAndMalformed() {
        EsiDocument document = EsiParser.parse("<esi:inline name=\"x\">kept</esi:inline><esi:include src=\"/a\"/>"
                + "<esi:include/></esi:try><esi:choose>", ParseLimits.DEFAULT);

        assertThat(document.includes()).isEqualTo(1);
        assertThat(document.droppedElements()).as("esi:inline and the include without src").isEqualTo(2);
        assertThat(document.malformedTags()).as("the stray </esi:try> and the unclosed choose").isEqualTo(2);
        assertThat(EsiRender.render("<esi:inline name=\"x\">kept</esi:inline>", NO_REQUEST, Map.of())).isEqualTo("kept");
    }

    @Test
    void pageWithoutEsi_isPlainText() {
        assertThat(EsiParser.parse("<html><!-- c --><p>x</p></html>", ParseLimits.DEFAULT).isPlainText()).isTrue();
        assertThat(EsiParser.parse("<esi:comment text=\"x\"/>", ParseLimits.DEFAULT).isPlainText()).isTrue();
    }
}

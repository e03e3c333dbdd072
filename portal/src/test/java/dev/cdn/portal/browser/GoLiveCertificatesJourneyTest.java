package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.cdn.testsupport.TestPki;

/**
 * The "your service is live" card against the real platform: each verified domain with its certificate state from
 * the certificates API (an uploaded certificate issued with its expiry, a domain without one said in plain words)
 * and a link to the page that manages them.
 */
class GoLiveCertificatesJourneyTest extends RealPlatformHtmlUnitTest {

    @Test
    void liveCard_showsEachDomainsCertificateState_andLinksToTheCertificatesPage() throws Exception {
        String session = platform.signUp("golive-certs@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "certs",
                "domains", List.of("www.certs.localhost", "bare.certs.localhost"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        platform.api("POST", "/v1/services/" + id + "/versions/1/activate", session, null);
        TestPki.Issued ca = TestPki.authority("Portal test CA");
        TestPki.Issued leaf = TestPki.leaf(ca, Duration.ofDays(90), "www.certs.localhost");
        JsonNode uploaded = platform.api("POST", "/v1/services/" + id + "/certificates", session,
                Map.of("chain", leaf.chainPem(), "key", leaf.keyPem()));
        assertThat(uploaded.path("status").asString()).as("upload: %s", uploaded).isEqualTo("active");
        logIn("golive-certs@portal.test");

        HtmlPage page = browser.getPage(platform.portalUrl("/services/" + id));

        assertThat(page.getElementById("go-live-title").asNormalizedText()).isEqualTo("Your service is live");
        DomElement www = page.querySelector(".cert-state[data-domain='www.certs.localhost']");
        assertThat(www.getAttribute("data-state")).isEqualTo("issued");
        assertThat(www.asNormalizedText()).contains("issued", "expires", "Uploaded; the edges serve it.");
        DomElement bare = page.querySelector(".cert-state[data-domain='bare.certs.localhost']");
        assertThat(bare.getAttribute("data-state")).isEqualTo("none");
        assertThat(bare.asNormalizedText()).contains("No certificate yet");
        HtmlAnchor manage = page.getAnchorByText("Manage certificates");
        assertThat(manage.getHrefAttribute()).isEqualTo("/services/" + id + "/certificates");
    }
}

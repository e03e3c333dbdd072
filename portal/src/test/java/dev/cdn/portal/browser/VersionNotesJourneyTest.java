package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * Notes on versions against the real platform: written when a draft is created, changed on the draft, shown on the
 * service page, in the versions list, on the compare page and in the audit log; a note the platform would refuse
 * is refused on its field and nothing changes.
 */
class VersionNotesJourneyTest extends RealPlatformHtmlUnitTest {

    @Test
    void noteWrittenWithTheDraft_isShownEverywhereTheVersionIs_andCanBeChanged() throws Exception {
        String session = platform.signUp("notes@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "notes",
                "domains", List.of("notes.portal.localhost"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        platform.api("POST", "/v1/services/" + id + "/versions/1/activate", session, null);
        logIn("notes@portal.test");

        HtmlPage service = browser.getPage(platform.portalUrl("/services/" + id));
        HtmlForm newDraft = formEndingWith(service, "/draft");
        newDraft.getTextAreaByName("note").setText("Longer TTL for images");
        HtmlPage draft = submit(newDraft);
        assertThat(draft.getUrl().getPath()).isEqualTo("/services/" + id);
        assertThat(draft.querySelector(".version-note").asNormalizedText()).contains("Longer TTL for images");

        HtmlPage versions = browser.getPage(platform.portalUrl("/services/" + id + "/versions"));
        assertThat(versions.querySelector(".version-row").asNormalizedText()).contains("Longer TTL for images");
        HtmlForm edit = formEndingWith(versions, "/versions/2/note");
        edit.getTextAreaByName("note").setText("Longer TTL for images\r\nbecause the origin is slow");
        HtmlPage edited = submit(edit);
        assertThat(edited.getUrl().getPath()).isEqualTo("/services/" + id + "/versions");
        assertThat(platform.api("GET", "/v1/services/" + id + "/versions/2", session, null).path("note").asString())
                .isEqualTo("Longer TTL for images\nbecause the origin is slow");

        HtmlPage compare = browser.getPage(platform.portalUrl("/services/" + id + "/versions/compare?from=1&to=2"));
        assertThat(compare.querySelector(".compare-notes").asNormalizedText())
                .contains("Version 2", "because the origin is slow");

        HtmlPage audit = browser.getPage(platform.portalUrl("/audit"));
        assertThat(audit.asNormalizedText()).contains("version.note", "because the origin is slow");
    }

    @Test
    void noteTooLong_isRefusedOnItsField_andTheDraftKeepsItsNote() throws Exception {
        String session = platform.signUp("long-note@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "long",
                "domains", List.of("long.portal.localhost"), "note", "first",
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        logIn("long-note@portal.test");

        HtmlPage versions = browser.getPage(platform.portalUrl("/services/" + id + "/versions"));
        HtmlForm edit = formEndingWith(versions, "/versions/1/note");
        edit.getTextAreaByName("note").setText("x".repeat(501));
        HtmlPage refused = submit(edit);

        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(refused.getElementById("note-error").asNormalizedText())
                .isEqualTo("Keep the note to 500 characters or fewer (this one has 501).");
        assertThat(formEndingWith(refused, "/versions/1/note").getTextAreaByName("note").getText()).hasSize(501);
        assertThat(platform.api("GET", "/v1/services/" + id + "/versions/1", session, null).path("note").asString())
                .isEqualTo("first");
    }
}

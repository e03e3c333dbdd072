package dev.cdn.portal.service;

import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServiceVersion;
import dev.cdn.portal.web.Confirmation;

/**
 * The confirmation pages of a service's destructive actions, each built the same way: the service in the
 * breadcrumb, what follows in plain sentences, and the ETag of what the page shows in the form, so a service or
 * draft that changed in the meantime is refused (412) rather than changed unseen.
 */
final class ServiceConfirmations {

    private ServiceConfirmations() {
    }

    static Confirmation deleteService(ServiceSummary service) {
        return under(service, "Delete " + service.name() + "?")
                .says("Every edge stops serving this service and drops what it cached for it. Requests for "
                        + String.join(", ", service.domains()) + " will get 404.")
                .says("Its domains become free for any service to claim. Its history stays in the audit log. "
                        + "This cannot be undone.")
                .posts("/services/" + service.id() + "/delete", "Delete the service")
                .with("etag", service.etag())
                .cancel("Keep it", servicePage(service))
                .build();
    }

    static Confirmation discardDraft(ServiceSummary service, ServiceVersion draft) {
        Confirmation.Builder ask = under(service, "Discard draft version " + draft.number() + "?")
                .cancel("Keep it", servicePage(service));
        if (!draft.isDraft()) {
            return ask.refuse("Version " + draft.number() + " is " + draft.state() + ": only drafts can be discarded.")
                    .build();
        }
        return ask.says(service.activeVersion() != null
                        ? "The changes in this draft are thrown away. The service keeps serving version "
                                + service.activeVersion() + ", which is not affected."
                        : "The changes in this draft are thrown away. Nothing of this service is live yet.")
                .posts("/services/" + service.id() + "/versions/" + draft.number() + "/discard", "Discard the draft")
                .with("etag", draft.etag())
                .build();
    }

    /** Rolling back activates an older version: which one stops serving, how fast edges switch, what stays. */
    static Confirmation rollback(ServiceSummary service, ServiceVersion target) {
        String stops = service.activeVersion() != null
                ? "; version " + service.activeVersion() + ", active now, stops serving (you can activate it again"
                        + " later)"
                : "";
        return under(service, "Roll back " + service.name() + " to version " + target.number() + "?")
                .says("Version " + target.number() + " becomes the active configuration and every edge switches to it "
                        + "within seconds" + stops + ". Cached objects stay cached.")
                .posts("/services/" + service.id() + "/versions/" + target.number() + "/activate",
                        "Roll back to version " + target.number())
                .with("etag", target.etag())
                .cancel("Cancel", "/services/" + service.id() + "/versions")
                .build();
    }

    static Confirmation removeDomain(ServiceSummary service, ServiceVersion draft, String domain) {
        return draftChange(service, draft, "Remove " + domain + "?", "The domain " + domain + " leaves draft version "
                        + draft.number() + ". Once that version is active, the edges stop serving " + domain
                        + " for this service and the name is free for any service to claim.")
                .posts(versionPath(service, draft) + "/domains/remove", "Remove the domain")
                .with("domain", domain)
                .build();
    }

    static Confirmation deleteOrigin(ServiceSummary service, ServiceVersion draft, String origin) {
        return draftChange(service, draft, "Delete origin " + origin + "?", "The origin " + origin
                        + " leaves draft version " + draft.number() + ". Once that version is active, the edges no "
                        + "longer send requests to it.")
                .posts(versionPath(service, draft) + "/origins/" + origin + "/delete", "Delete the origin")
                .build();
    }

    static Confirmation deleteRule(ServiceSummary service, ServiceVersion draft, String rule) {
        return draftChange(service, draft, "Delete rule " + rule + "?", "The cache rule " + rule
                        + " leaves draft version " + draft.number() + ". Once that version is active, the requests it "
                        + "matched follow the next matching rule or the service's defaults.")
                .posts(versionPath(service, draft) + "/rules/" + rule + "/delete", "Delete the rule")
                .build();
    }

    private static Confirmation.Builder draftChange(ServiceSummary service, ServiceVersion draft, String question,
            String consequence) {
        Confirmation.Builder ask = under(service, question).cancel("Keep it", servicePage(service));
        if (!draft.isDraft()) {
            return ask.refuse("Version " + draft.number() + " is " + draft.state()
                    + ": only a draft can be changed. Create a draft from the service page first.");
        }
        return ask.says(consequence)
                .says("Nothing changes on the edges until the draft is activated.")
                .with("etag", draft.etag());
    }

    private static Confirmation.Builder under(ServiceSummary service, String question) {
        return Confirmation.ask(question).under("Services", "/dashboard").under(service.name(), servicePage(service));
    }

    private static String servicePage(ServiceSummary service) {
        return "/services/" + service.id();
    }

    private static String versionPath(ServiceSummary service, ServiceVersion draft) {
        return "/services/" + service.id() + "/versions/" + draft.number();
    }

}

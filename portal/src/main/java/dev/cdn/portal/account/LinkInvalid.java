package dev.cdn.portal.account;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * A link from outside the portal (password reset, invitation) that platform-api does not know, or no longer
 * honours: each kind says what happened and what to do next, on one shared page.
 */
enum LinkInvalid {

    PASSWORD_RESET("This reset link does not work",
            "It may have expired (a link works for one hour), or it was already used. Ask for a new one.",
            "/password-reset", "Ask for a new link"),
    INVITATION("This invitation does not work",
            "It may have expired (an invitation works for 7 days), or it was already accepted. Ask the person who"
                    + " invited you for a new one, or log in if you already accepted it.",
            "/login", "Log in");

    private final String title;
    private final String explanation;
    private final String nextPath;
    private final String nextLabel;

    LinkInvalid(String title, String explanation, String nextPath, String nextLabel) {
        this.title = title;
        this.explanation = explanation;
        this.nextPath = nextPath;
        this.nextLabel = nextLabel;
    }

    public String title() {
        return title;
    }

    public String explanation() {
        return explanation;
    }

    public String nextPath() {
        return nextPath;
    }

    public String nextLabel() {
        return nextLabel;
    }

    /** The page, answered with 404: to the browser the link leads nowhere. */
    Rendering page() {
        return Rendering.view("account/link-invalid").modelAttribute("link", this).status(HttpStatus.NOT_FOUND).build();
    }
}

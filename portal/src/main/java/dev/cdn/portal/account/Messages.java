package dev.cdn.portal.account;

/** User-facing sentences shared by the account pages, kept together so the wording stays consistent. */
final class Messages {

    static final String API_UNAVAILABLE =
            "The CDN platform cannot be reached right now. Nothing was changed; please try again in a minute.";
    static final String WRONG_CREDENTIALS = "Wrong email or password.";
    static final String TOO_MANY_ATTEMPTS = "Too many failed log-ins for this account or from your network. "
            + "Logging in is paused for a while to protect the account; please try again in a few minutes.";
    static final String EMAIL_TAKEN = "An account with this email already exists.";
    static final String PASSWORDS_DIFFER = "The passwords do not match.";
    static final String ENTER_EMAIL = "Enter your email address.";
    static final String ENTER_PASSWORD = "Enter your password.";
    static final String CHOOSE_PASSWORD = "Choose a password.";
    static final String INVITEE_HAS_ACCOUNT =
            "An account with this email already exists, so the invitation cannot create one. Log in instead.";

    private Messages() {
    }
}

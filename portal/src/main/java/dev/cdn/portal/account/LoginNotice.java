package dev.cdn.portal.account;

import java.util.Arrays;
import java.util.Optional;

import org.springframework.util.MultiValueMap;

/**
 * Why the login page is shown after a redirect, carried as a bare query parameter ({@code /login?expired}),
 * so the message needs no session state that the redirect may just have destroyed.
 */
public enum LoginNotice {

    LOGGED_OUT("logout", "You have been logged out."),
    SESSION_EXPIRED("expired", "Your session has expired. Please log in again."),
    ACCOUNT_CREATED("created", "Your account was created. Please log in."),
    PASSWORD_CHANGED("reset", "Your password was changed and every session was signed out. Please log in with the new"
            + " password.");

    private final String queryParameter;
    private final String message;

    LoginNotice(String queryParameter, String message) {
        this.queryParameter = queryParameter;
        this.message = message;
    }

    public String queryParameter() {
        return queryParameter;
    }

    public String message() {
        return message;
    }

    /** The login path that shows this notice. */
    public String loginPath() {
        return "/login?" + queryParameter;
    }

    static Optional<LoginNotice> from(MultiValueMap<String, String> queryParameters) {
        return Arrays.stream(values()).filter(n -> queryParameters.containsKey(n.queryParameter)).findFirst();
    }
}

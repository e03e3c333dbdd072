package dev.cdn.portal.account;

/** What the login form submits; bound from form fields {@code email} and {@code password}. */
public record LoginForm(String email, String password) {

    public LoginForm {
        email = email == null ? "" : email.strip();
        password = password == null ? "" : password;
    }

    static LoginForm empty() {
        return new LoginForm("", "");
    }

    /** The form to re-render: what was typed, minus the password, which never goes back to the browser. */
    LoginForm withoutPassword() {
        return new LoginForm(email, "");
    }

    @Override
    public String toString() {
        return "LoginForm[email=" + email + ", password=***]";
    }
}

package dev.cdn.portal.account;

import java.util.Set;

import dev.cdn.portal.api.SignupRequest;

/** What the signup form submits; {@code confirmPassword} is checked by the portal and never sent on. */
public record SignupForm(String tenantName, String email, String password, String confirmPassword) {

    /** The fields platform-api validates; its field errors for these are shown next to the inputs. */
    static final Set<String> API_FIELDS = Set.of("tenantName", "email", "password");

    public SignupForm {
        tenantName = tenantName == null ? "" : tenantName.strip();
        email = email == null ? "" : email.strip();
        password = password == null ? "" : password;
        confirmPassword = confirmPassword == null ? "" : confirmPassword;
    }

    static SignupForm empty() {
        return new SignupForm("", "", "", "");
    }

    boolean passwordsMatch() {
        return password.equals(confirmPassword);
    }

    SignupRequest toRequest() {
        return new SignupRequest(tenantName, email, password);
    }

    /** The form to re-render: what was typed, minus both passwords. */
    SignupForm withoutPasswords() {
        return new SignupForm(tenantName, email, "", "");
    }

    @Override
    public String toString() {
        return "SignupForm[tenantName=" + tenantName + ", email=" + email + ", password=***, confirmPassword=***]";
    }
}

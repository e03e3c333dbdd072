package dev.cdn.portal.account;

/**
 * What the "choose a password" forms submit (password reset, invitation acceptance); {@code confirmPassword} is
 * checked by the portal and never sent on, and neither value is ever rendered back.
 */
public record NewPasswordForm(String password, String confirmPassword) {

    public NewPasswordForm {
        password = password == null ? "" : password;
        confirmPassword = confirmPassword == null ? "" : confirmPassword;
    }

    static NewPasswordForm empty() {
        return new NewPasswordForm("", "");
    }

    boolean passwordsMatch() {
        return password.equals(confirmPassword);
    }

    @Override
    public String toString() {
        return "NewPasswordForm[password=***, confirmPassword=***]";
    }
}

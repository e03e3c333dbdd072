package dev.cdn.portal.api;

/** The body of {@code POST /v1/signup}: a new tenant and its first (owner) user. */
public record SignupRequest(String tenantName, String email, String password) {

    /** Never prints the password, since records end up in logs and debugger views. */
    @Override
    public String toString() {
        return "SignupRequest[tenantName=" + tenantName + ", email=" + email + ", password=***]";
    }
}

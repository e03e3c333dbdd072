package dev.cdn.portal.api;

/** The body of {@code POST /v1/sessions}: the credentials to exchange for an API token. */
record SessionRequest(String email, String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SessionRequest[email=" + email + ", password=***]";
    }
}
